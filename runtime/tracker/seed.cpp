// seed.cpp — the configuration every tracker has and the optional sample project.
#include "runtime/tracker/seed.h"

#include "runtime/tracker/admin_ops.h"

namespace twinsync::tracker {

namespace {

Status seed_configuration(Store& st, const TrackerOptions& opt) {
  const IssueType types[] = {
      {10000, "Epic", "A big user story that needs to be broken down.", false, 1},
      {10001, "Task", "A small, distinct piece of work.", false, 0},
      {10002, "Sub-task", "A small piece of work that's part of a larger task.", true, -1},
      {10003, "Story", "Functionality or a feature expressed as a user goal.", false, 0},
      {10004, "Bug", "A problem or error.", false, 0},
  };
  IssueStatus statuses[] = {
      {10000, "To Do", "The issue is open and ready to be worked on.", "new"},
      {10001, "In Progress", "This issue is being actively worked on.", "indeterminate"},
      {10002, "In Review", "The work is waiting for a review.", "indeterminate"},
      {10003, "Done", "The work is finished.", "done"},
  };
  const Transition transitions[] = {
      {11, "Start Progress", 10000, 10001, {}},
      {21, "Request Review", 10001, 10002, {}},
      {31, "Done", 10002, 10003, {"resolution", "fixVersions", "assignee"}},
      {41, "Stop Progress", 10001, 10000, {}},
      {51, "Back to In Progress", 10002, 10001, {}},
      {61, "Reopen", 10003, 10000, {}},
  };
  Priority priorities[] = {
      {1, "Highest", "This problem will block progress.", "#d04437"},
      {2, "High", "Serious problem that could block progress.", "#f15C75"},
      {3, "Medium", "Has the potential to affect progress.", "#f79232"},
      {4, "Low", "Minor problem or easily worked around.", "#707070"},
      {5, "Lowest", "Trivial problem with little or no impact on progress.", "#999999"},
  };
  const Resolution resolutions[] = {
      {10000, "Done", "Work has been completed on this issue."},
      {10001, "Won't Do", "This issue won't be actioned."},
      {10002, "Duplicate", "The problem is a duplicate of an existing issue."},
      {10003, "Cannot Reproduce", "All attempts at reproducing this issue failed."},
  };
  const CustomField fields[] = {
      {10010, "Story Points", "number", "Estimate of the work", {}},
      {10011, "Customer", "text", "Who asked for it", {}},
      {10012, "Severity", "select", "Impact of a bug",
       {{0, "S1 - Critical"}, {0, "S2 - Major"}, {0, "S3 - Minor"}, {0, "S4 - Trivial"}}},
      {10013, "Platforms", "multiselect", "Where it happens", {{0, "Linux"}, {0, "macOS"}, {0, "Windows"}}},
      {10014, "Target Date", "date", "When it should be done", {}},
      {10015, "QA Owner", "user", "Who verifies it", {}},
      {10016, "Notes", "textarea", "Longer notes", {}},
  };
  const LinkType links[] = {
      {10000, "Blocks", "is blocked by", "blocks"},
      {10001, "Cloners", "is cloned by", "clones"},
      {10002, "Duplicate", "is duplicated by", "duplicates"},
      {10003, "Relates", "relates to", "relates to"},
  };
  if (!opt.status_names.empty() && opt.status_names.size() != std::size(statuses)) {
    return make_error("status names: the workflow has 4 statuses", ErrorKind::BadRequest);
  }
  if (!opt.priority_names.empty() && opt.priority_names.size() != std::size(priorities)) {
    return make_error("priority names: there are 5 priorities", ErrorKind::BadRequest);
  }
  for (size_t i = 0; i < opt.status_names.size(); ++i) statuses[i].name = opt.status_names[i];
  for (size_t i = 0; i < opt.priority_names.size(); ++i) priorities[i].name = opt.priority_names[i];
  for (const auto& x : types) if (Status s = st.insert_issue_type(x); !s) return s;
  for (const auto& x : statuses) if (Status s = st.insert_status(x); !s) return s;
  for (const auto& x : transitions) if (Status s = st.insert_transition(x); !s) return s;
  for (const auto& x : priorities) if (Status s = st.insert_priority(x); !s) return s;
  for (const auto& x : resolutions) if (Status s = st.insert_resolution(x); !s) return s;
  for (const auto& x : fields) if (Status s = st.insert_custom_field(x); !s) return s;
  for (const auto& x : links) if (Status s = st.insert_link_type(x); !s) return s;
  return ok_status();
}

Status seed_sample(TrackerState& s, const std::string& lead) {
  for (const NewUser& n : {NewUser{"ann", "ann@example.com", "Ann QA", false},
                           NewUser{"bob", "bob@example.com", "Bob Dev", false}}) {
    if (auto u = create_user(s, n); !u) return u.error();
  }
  auto p = create_project(s, s.opt.project_key, s.opt.project_name, lead);
  if (!p) return p.error();
  for (const char* name : {"Backend", "Frontend", "Docs"}) {
    if (auto c = s.store->insert_component(Component{0, p->id, name, ""}); !c) return c.error();
  }
  const Version versions[] = {{0, p->id, "1.0", "First release", "2026-01-15", true, false},
                              {0, p->id, "1.1", "", "", false, false},
                              {0, p->id, "2.0", "", "", false, false}};
  for (const Version& v : versions) {
    if (auto id = s.store->insert_version(v); !id) return id.error();
  }
  return ok_status();
}

}  // namespace

Result<std::optional<SeededAdmin>> seed_if_empty(TrackerState& s) {
  auto seeded = s.store->setting("seeded");
  if (!seeded) return seeded.error();
  if (*seeded) return std::optional<SeededAdmin>();
  auto tx = s.store->begin();
  if (!tx) return tx.error();
  if (Status st = seed_configuration(*s.store, s.opt); !st) return st.error();
  s.reload_catalog();
  auto admin = create_user(s, NewUser{"admin", s.opt.admin_email, "Administrator", true});
  if (!admin) return admin.error();
  s.reload_catalog();
  SeededAdmin out{admin->email, "", ""};
  auto api = create_token(s, admin->account_id, "api", "seeded admin token", s.opt.admin_token);
  if (!api) return api.error();
  auto pat = create_token(s, admin->account_id, "pat", "seeded admin bearer token");
  if (!pat) return pat.error();
  out.api_token = *api;
  out.pat = *pat;
  if (s.opt.seed_sample) {
    if (Status st = seed_sample(s, admin->account_id); !st) return st.error();
  }
  if (Status st = s.store->put_setting("seeded", s.opt.seed_sample ? "sample" : "none"); !st) return st.error();
  if (Status st = tx->commit(); !st) return st.error();
  s.reload_catalog();
  return std::optional<SeededAdmin>(out);
}

}  // namespace twinsync::tracker
