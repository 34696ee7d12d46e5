// issue_edit.cpp — the one path every issue change takes: decode, validate, diff, store, notify.
#include "runtime/tracker/issue_edit.h"

#include "runtime/tracker/api_error.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/richtext_bridge.h"
#include "runtime/tracker/util.h"
#include "runtime/tracker/webhooks.h"

namespace twinsync::tracker {

namespace {

std::string cannot_set(const std::string& id) {
  return "Field '" + id + "' cannot be set. It is not on the appropriate screen, or unknown.";
}

std::optional<Issue> find_issue_ref(TrackerState& s, const Json& ref) {
  if (ref.is_object()) {
    if (ref.contains("key") && ref["key"].is_string()) return must(s.store->issue_by_key(ref["key"].get<std::string>()));
    if (ref.contains("id")) {
      const Json& id = ref["id"];
      std::optional<Id> n = id.is_number_integer() ? std::optional<Id>(id.get<Id>())
                            : id.is_string()        ? parse_id(id.get<std::string>())
                                                    : std::nullopt;
      if (n) return must(s.store->issue_by_id(*n));
    }
  }
  if (ref.is_string()) return must(s.store->issue_by_key(ref.get<std::string>()));
  return std::nullopt;
}

void check_hierarchy(TrackerState& s, const Issue& issue, Json& errors) {
  const Json type_id = issue.fields.value("issuetype", Json(nullptr));
  const IssueType* type = s.catalog.issue_type(type_id.is_number_integer() ? type_id.get<Id>() : 0);
  const Json parent_id = issue.fields.value("parent", Json(nullptr));
  if (!type) return;
  if (type->subtask && !parent_id.is_number_integer()) {
    errors["parent"] = "Sub-task issues must have a parent.";
    return;
  }
  if (!parent_id.is_number_integer()) return;
  auto parent = must(s.store->issue_by_id(parent_id.get<Id>()));
  if (!parent || parent->id == issue.id) {
    errors["parent"] = "Could not find issue by id or key.";
    return;
  }
  const IssueType* ptype = s.catalog.issue_type(parent->fields.value("issuetype", Id{0}));
  if (!ptype || ptype->hierarchy != type->hierarchy + 1 || (type->subtask && parent->project_id != issue.project_id)) {
    errors["parent"] = "Given parent work item does not belong to appropriate hierarchy.";
  }
}

void check_summary(const Issue& issue, Json& errors) {
  const Json& summary = issue.fields.value("summary", Json(nullptr));
  if (!summary.is_string() || summary.get<std::string>().find_first_not_of(" \t") == std::string::npos) {
    errors["summary"] = "You must specify a summary of the issue.";
  } else if (summary.get<std::string>().size() > 255) {
    errors["summary"] = "Summary must be less than 255 characters.";
  } else if (summary.get<std::string>().find_first_of("\r\n") != std::string::npos) {
    errors["summary"] = "The summary is invalid because it contains newline characters.";
  }
}

// update.issuelinks: [{"add": {"type": {"name": …}, "outwardIssue": {"key": …}}}]
void decode_link_ops(TrackerState& s, const Issue& issue, const Json& ops, EditOutcome& out, Json& errors) {
  for (const Json& op : ops) {
    const Json add = op.is_object() ? op.value("add", Json(nullptr)) : Json(nullptr);
    if (!add.is_object() || !add.contains("type")) {
      errors["issuelinks"] = "Issue links can only be added here: {\"add\": {\"type\": …, \"outwardIssue\": …}}";
      return;
    }
    const Json& t = add["type"];
    const LinkType* type = t.contains("name") && t["name"].is_string() ? s.catalog.link_type_by_name(t["name"].get<std::string>())
                           : t.contains("id") && t["id"].is_string() ? s.catalog.link_type(parse_id(t["id"].get<std::string>()).value_or(0))
                                                                     : nullptr;
    if (!type) {
      errors["issuelinks"] = "No issue link type with that name or id.";
      return;
    }
    const bool outward = add.contains("outwardIssue");
    auto other = find_issue_ref(s, add.value(outward ? "outwardIssue" : "inwardIssue", Json(nullptr)));
    if (!other) {
      errors["issuelinks"] = "Could not find issue by id or key.";
      return;
    }
    IssueLink l{0, type->id, outward ? issue.id : other->id, outward ? other->id : issue.id};
    out.links.push_back(l);
    out.items.push_back(Json{{"field", "Link"}, {"fieldtype", "jira"}, {"from", nullptr}, {"fromString", nullptr},
                             {"to", other->key},
                             {"toString", "This issue " + (outward ? type->outward : type->inward) + " " + other->key}});
  }
}

void decode_comment_ops(int v, const Json& ops, EditOutcome& out, Json& errors) {
  for (const Json& op : ops) {
    const Json add = op.is_object() ? op.value("add", Json(nullptr)) : Json(nullptr);
    if (!add.is_object()) {
      errors["comment"] = "Comments can only be added here: {\"add\": {\"body\": …}}";
      return;
    }
    try {
      Comment c;
      c.body = decode_comment_body(v, add.value("body", Json(nullptr)));
      c.visibility = decode_visibility(add.value("visibility", Json(nullptr)));
      out.comments.push_back(std::move(c));
    } catch (const ApiError& e) {
      errors["comment"] = e.messages.empty() ? "invalid comment" : e.messages.front();
    }
  }
}

}  // namespace

std::string decode_comment_body(int v, const Json& body) {
  if (v == 2) {
    if (!body.is_string() || body.get<std::string>().empty()) fail(400, "Comment body can not be empty!");
    return body.get<std::string>();
  }
  if (body.is_string()) fail(400, "Comment body must be an Atlassian Document (see the Atlassian Document Format)");
  auto wiki = adf_to_wiki(body);
  if (!wiki) fail(400, wiki.error().message);
  if (wiki->empty()) fail(400, "Comment body can not be empty!");
  return *wiki;
}

Json decode_visibility(const Json& v) {
  if (v.is_null()) return v;
  if (!v.is_object() || !v.contains("type") || !v.contains("value") || !v["value"].is_string() ||
      (v["type"] != "role" && v["type"] != "group")) {
    fail(400, "Visibility must be {\"type\": \"role\" or \"group\", \"value\": …}");
  }
  Json out{{"type", v["type"]}, {"value", v["value"]}};
  out["identifier"] = v.value("identifier", v["value"]);
  return out;
}

EditOutcome apply_changes(TrackerState& s, int v, Issue& issue, const Json& body, const FieldGate& allowed,
                          bool creating) {
  if (!body.is_object()) fail(400, "The request body must be a JSON object.");
  const Json fields = body.value("fields", Json::object());
  const Json update = body.value("update", Json::object());
  if (!fields.is_object() || !update.is_object()) fail(400, "'fields' and 'update' must be JSON objects.");
  EditOutcome out;
  Json errors = Json::object();
  const Json before = issue.fields;
  FieldEnv env{s.catalog, v, issue.project_id, [&s](const Json& ref) { return find_issue_ref(s, ref); }};
  for (const auto& [id, value] : fields.items()) {
    auto f = find_field(s.catalog, id);
    if (!f || !f->settable || !allowed(*f) || (!creating && f->kind == FieldKind::Project)) {
      errors[id] = cannot_set(id);
      continue;
    }
    if (f->kind == FieldKind::Project) continue;  // chosen before the issue existed
    auto decoded = decode_value(*f, value, env);
    if (!decoded) errors[id] = decoded.error().message;
    else issue.fields[f->id] = *decoded;
  }
  for (const auto& [id, ops] : update.items()) {
    if (!ops.is_array()) {
      errors[id] = "Operations of 'update' must be arrays of {\"set\"|\"add\"|\"remove\": …}";
      continue;
    }
    if (id == "comment") {
      decode_comment_ops(v, ops, out, errors);
      continue;
    }
    if (id == "issuelinks") {
      decode_link_ops(s, issue, ops, out, errors);
      continue;
    }
    auto f = find_field(s.catalog, id);
    if (!f || !f->settable || !allowed(*f) || f->kind == FieldKind::Project) {
      errors[id] = cannot_set(id);
      continue;
    }
    for (const Json& op : ops) {
      if (!op.is_object() || op.size() != 1) {
        errors[id] = "Each operation must have exactly one of set, add, remove";
        break;
      }
      const std::string verb = op.begin().key();
      const Json& arg = op.begin().value();
      Json& current = issue.fields[f->id];
      if (verb == "set") {
        auto decoded = decode_value(*f, arg, env);
        if (!decoded) errors[id] = decoded.error().message;
        else current = *decoded;
      } else if ((verb == "add" || verb == "remove") && f->is_array()) {
        auto e = decode_element(*f, arg, env);
        if (!e) {
          errors[id] = e.error().message;
          continue;
        }
        if (!current.is_array()) current = Json::array();
        auto it = std::find(current.begin(), current.end(), *e);
        if (verb == "add" && it == current.end()) current.push_back(*e);
        if (verb == "remove" && it != current.end()) current.erase(it);
      } else {
        errors[id] = "Operation '" + verb + "' is not supported on field '" + id + "'";
      }
    }
  }
  check_summary(issue, errors);
  if (errors.empty()) check_hierarchy(s, issue, errors);
  if (!errors.empty()) fail_fields(errors);
  if (!creating) diff_fields(s, before, issue.fields, out.items);
  return out;
}

void diff_fields(TrackerState& s, const Json& before, const Json& after, Json& items) {
  auto key_of = [&s](Id id) {
    auto i = must(s.store->issue_by_id(id));
    return i ? i->key : std::string();
  };
  for (const FieldInfo& f : s.fields) {
    const Json a = before.value(f.id, Json(nullptr)), b = after.value(f.id, Json(nullptr));
    const bool empty_a = a.is_null() || (a.is_array() && a.empty()), empty_b = b.is_null() || (b.is_array() && b.empty());
    if (a != b && !(empty_a && empty_b)) change_items(f, a, b, s.catalog, key_of, items);
  }
}

void commit_update(TrackerState& s, const User& actor, Issue& issue, EditOutcome& out, const std::string& event_type) {
  auto tx = must(s.store->begin());
  write_update(s, actor, issue, out, event_type);
  must(tx.commit());
  s.wake_webhooks();
}

void write_update(TrackerState& s, const User& actor, Issue& issue, EditOutcome& out, const std::string& event_type,
                  std::vector<WebhookEvent> events) {
  const std::int64_t now = now_ms();
  Json changelog = nullptr;
  if (!out.items.empty() || !out.comments.empty()) issue.updated = std::max(now, issue.updated + 1);
  if (!out.items.empty()) {
    ChangelogEntry e{0, issue.id, actor.account_id, now, out.items};
    e.id = must(s.store->insert_changelog(e));
    changelog = Json{{"id", std::to_string(e.id)}, {"items", out.items}};
  }
  must(s.store->update_issue(issue));
  for (IssueLink& l : out.links) l.id = must(s.store->insert_link(l));
  const Renderer r(s.catalog, s.base_url, 2);
  if (!out.items.empty()) events.push_back({"jira:issue_updated", event_type, changelog, nullptr});
  for (Comment& c : out.comments) {
    c.issue_id = issue.id;
    c.author = c.update_author = actor.account_id;
    c.created = c.updated = now;
    c.id = must(s.store->insert_comment(c));
    const Json cj = render_comment(r, c);
    events.push_back({"comment_created", "", nullptr, cj});
    events.push_back({"jira:issue_updated", "issue_commented", nullptr, cj});
  }
  queue_webhook_events(s, issue, actor, events);
}

}  // namespace twinsync::tracker
