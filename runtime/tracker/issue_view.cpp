// issue_view.cpp — rendering issues and their parts in Jira's shapes.
#include "runtime/tracker/issue_view.h"

#include "compiler/support/encoding.h"
#include "runtime/net/target.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/richtext_bridge.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& params) {
  std::vector<std::string> out;
  for (const std::string& p : params) {
    size_t pos = 0;
    while (pos <= p.size()) {
      size_t comma = p.find(',', pos);
      std::string item = p.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      while (!item.empty() && item.front() == ' ') item.erase(item.begin());
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  return out;
}

Json rich(const Renderer& r, const std::string& wiki) {
  return r.version() == 2 ? Json(wiki) : wiki_to_adf(wiki);
}

}  // namespace

FieldSelection FieldSelection::parse(const std::vector<std::string>& params, const std::string& fallback) {
  FieldSelection sel;
  std::vector<std::string> items = split_commas(params);
  if (items.empty()) items = split_commas({fallback});
  for (const std::string& item : items) {
    if (item == "*all") sel.all = true;
    else if (item == "*navigable") sel.navigable = true;
    else if (item[0] == '-') sel.exclude.insert(item.substr(1));
    else sel.include.insert(item);
  }
  return sel;
}

bool FieldSelection::wants(const FieldInfo& f) const {
  if (exclude.count(f.id)) return false;
  return all || (navigable && f.navigable) || include.count(f.id) || include.count(f.name);
}

bool FieldSelection::wants_id(const std::string& id) const {
  if (exclude.count(id)) return false;
  return all || navigable || include.count(id);
}

std::set<std::string> parse_expand(const std::vector<std::string>& params) {
  std::set<std::string> out;
  for (const std::string& e : split_commas(params)) out.insert(e);
  return out;
}

Issue load_issue(TrackerState& s, const std::string& key_or_id) {
  std::optional<Issue> issue;
  if (auto id = parse_id(key_or_id)) issue = must(s.store->issue_by_id(*id));
  else issue = must(s.store->issue_by_key(key_or_id));
  if (!issue) fail(404, "Issue does not exist or you do not have permission to see it.");
  return std::move(*issue);
}

Json render_issue_ref(const Renderer& r, const Issue& issue) {
  const Catalog& cat = r.catalog();
  Json fields = Json::object();
  fields["summary"] = issue.fields.value("summary", "");
  auto id_of = [&](const char* k) -> Id {
    return issue.fields.contains(k) && issue.fields[k].is_number_integer() ? issue.fields[k].get<Id>() : 0;
  };
  const IssueStatus* st = cat.status(id_of("status"));
  const Priority* pr = cat.priority(id_of("priority"));
  const IssueType* it = cat.issue_type(id_of("issuetype"));
  fields["status"] = st ? r.status(*st) : Json(nullptr);
  if (pr) fields["priority"] = r.priority(*pr);
  fields["issuetype"] = it ? r.issue_type(*it) : Json(nullptr);
  return Json{{"id", std::to_string(issue.id)},
              {"key", issue.key},
              {"self", r.api("/issue/" + std::to_string(issue.id))},
              {"fields", fields}};
}

Json render_comment(const Renderer& r, const Comment& c) {
  Json j{{"self", r.api("/issue/" + std::to_string(c.issue_id) + "/comment/" + std::to_string(c.id))},
         {"id", std::to_string(c.id)},
         {"author", r.user_ref(c.author)},
         {"body", rich(r, c.body)},
         {"updateAuthor", r.user_ref(c.update_author)},
         {"created", jira_time(c.created)},
         {"updated", jira_time(c.updated)},
         {"jsdPublic", true}};
  if (!c.visibility.is_null()) j["visibility"] = c.visibility;
  return j;
}

Json render_attachment(const Renderer& r, const Attachment& a) {
  const std::string id = std::to_string(a.id);
  const std::string content = r.version() == 3 ? r.api("/attachment/content/" + id)
                                               : r.base() + "/secure/attachment/" + id + "/" + url_encode(a.filename);
  return Json{{"self", r.api("/attachment/" + id)},
              {"id", id},
              {"filename", a.filename},
              {"author", r.user_ref(a.author)},
              {"created", jira_time(a.created)},
              {"size", a.size},
              {"mimeType", a.mime_type},
              {"content", content}};
}

Json render_changelog_entry(const Renderer& r, const ChangelogEntry& e) {
  return Json{{"id", std::to_string(e.id)},
              {"author", r.user_ref(e.author)},
              {"created", jira_time(e.created)},
              {"items", e.items}};
}

Json render_issue(TrackerState& s, const Renderer& r, const Issue& issue, const FieldSelection& sel,
                  const std::set<std::string>& expand, std::int64_t comment_page) {
  const std::string id = std::to_string(issue.id);
  Json fields = Json::object(), names = Json::object(), schema = Json::object(), rendered = Json::object();
  // Only what was asked for: HTML costs a parse per text, and names and schemas a copy per field.
  const bool want_rendered = expand.count("renderedFields") > 0;
  const bool want_names = expand.count("names") > 0, want_schema = expand.count("schema") > 0;
  for (const FieldInfo& f : s.fields) {
    if (!sel.wants(f)) continue;
    if (want_names) names[f.id] = f.name;
    if (want_schema) schema[f.id] = f.schema;
    static const Json kNull;
    const auto found = issue.fields.find(f.id);
    const Json& stored = found != issue.fields.end() ? *found : kNull;
    if (f.kind == FieldKind::RichText && want_rendered) {
      rendered[f.id] = stored.is_string() ? Json(wiki_to_html(stored.get<std::string>())) : Json(nullptr);
    }
    if (f.id == "project") {
      const Project* p = s.catalog.project(issue.project_id);
      fields[f.id] = p ? r.project_ref(*p) : Json(nullptr);
    } else if (f.id == "created") fields[f.id] = jira_time(issue.created);
    else if (f.id == "updated") fields[f.id] = jira_time(issue.updated);
    else if (f.id == "comment") {
      Json list = Json::array(), html = Json::array();
      const auto all = must(s.store->comments_of(issue.id));
      const auto total = static_cast<std::int64_t>(all.size());
      for (const Comment& c : all) {
        if (comment_page > 0 && static_cast<std::int64_t>(list.size()) == comment_page) break;
        list.push_back(render_comment(r, c));
        if (!want_rendered) continue;
        Json h = list.back();
        h["body"] = wiki_to_html(c.body);
        html.push_back(std::move(h));
      }
      const auto n = static_cast<std::int64_t>(list.size());
      fields[f.id] = Json{{"comments", list}, {"self", r.api("/issue/" + id + "/comment")},
                          {"maxResults", n}, {"total", total}, {"startAt", 0}};
      if (want_rendered) rendered[f.id] = Json{{"comments", html}, {"maxResults", n}, {"total", total}, {"startAt", 0}};
    } else if (f.id == "attachment") {
      Json list = Json::array();
      for (const Attachment& a : must(s.store->attachments_of(issue.id))) list.push_back(render_attachment(r, a));
      fields[f.id] = list;
    } else if (f.id == "issuelinks") {
      Json list = Json::array();
      for (const IssueLink& l : must(s.store->links_of(issue.id))) {
        const LinkType* t = s.catalog.link_type(l.type_id);
        const bool outward = l.inward_issue_id == issue.id;
        auto other = must(s.store->issue_by_id(outward ? l.outward_issue_id : l.inward_issue_id));
        if (!t || !other) continue;
        list.push_back(Json{{"id", std::to_string(l.id)}, {"self", r.api("/issueLink/" + std::to_string(l.id))},
                            {"type", r.link_type(*t)},
                            {outward ? "outwardIssue" : "inwardIssue", render_issue_ref(r, *other)}});
      }
      fields[f.id] = list;
    } else if (f.id == "subtasks") {
      Json list = Json::array();
      for (const Issue& sub : must(s.store->subtasks_of(issue.id))) list.push_back(render_issue_ref(r, sub));
      fields[f.id] = list;
    } else if (f.id == "parent") {
      if (stored.is_number_integer()) {
        if (auto p = must(s.store->issue_by_id(stored.get<Id>()))) fields[f.id] = render_issue_ref(r, *p);
      }
    } else if (f.id == "watches") {
      fields[f.id] = Json{{"self", r.api("/issue/" + issue.key + "/watchers")}, {"watchCount", 0}, {"isWatching", false}};
    } else if (f.id == "votes") {
      fields[f.id] = Json{{"self", r.api("/issue/" + issue.key + "/votes")}, {"votes", 0}, {"hasVoted", false}};
    } else {
      fields[f.id] = encode_value(f, stored, r);
    }
  }
  Json j{{"expand", "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"},
         {"id", id},
         {"self", r.api("/issue/" + id)},
         {"key", issue.key},
         {"fields", fields}};
  if (expand.count("renderedFields")) j["renderedFields"] = rendered;
  if (expand.count("names")) j["names"] = names;
  if (expand.count("schema")) j["schema"] = schema;
  if (expand.count("changelog")) {
    Json histories = Json::array();
    for (const ChangelogEntry& e : must(s.store->changelog_of(issue.id))) histories.push_back(render_changelog_entry(r, e));
    const auto n = static_cast<std::int64_t>(histories.size());
    j["changelog"] = Json{{"startAt", 0}, {"maxResults", n}, {"total", n}, {"histories", histories}};
  }
  return j;
}

}  // namespace twinsync::tracker
