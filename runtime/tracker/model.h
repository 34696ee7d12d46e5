// model.h — the tracker's records as plain values: what the store reads and writes and the
// renderers turn into Jira's JSON. Ids are Jira's numeric ids; times are Unix milliseconds.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace twinsync::tracker {

using Json = nlohmann::json;
using Id = std::int64_t;

struct User {
  std::string account_id;
  std::string name;  // Server/DC user name
  std::string email;
  std::string display_name;
  std::string time_zone = "UTC";
  bool active = true;
  bool admin = false;
};

struct Project {
  Id id = 0;
  std::string key, name, description, lead;  // lead: account id
};

struct IssueType {
  Id id = 0;
  std::string name, description;
  bool subtask = false;
  int hierarchy = 0;  // -1 sub-task, 0 standard, 1 epic
};

struct IssueStatus {
  Id id = 0;
  std::string name, description;
  std::string category;  // "new", "indeterminate" or "done"
};

/// A workflow step; `from` empty means the transition is global (available from every status).
struct Transition {
  Id id = 0;
  std::string name;
  std::optional<Id> from;
  Id to = 0;
  std::vector<std::string> screen_fields;  // fields the transition screen shows
};

struct Priority {
  Id id = 0;
  std::string name, description, color;
};

struct Resolution {
  Id id = 0;
  std::string name, description;
};

struct FieldOption {
  Id id = 0;
  std::string value;
};

/// kind: text, textarea, number, select, multiselect, date, datetime, user, labels, url
struct CustomField {
  Id id = 0;
  std::string name, kind, description;
  std::vector<FieldOption> options;
  std::string field_id() const { return "customfield_" + std::to_string(id); }
};

struct Component {
  Id id = 0, project_id = 0;
  std::string name, description;
};

struct Version {
  Id id = 0, project_id = 0;
  std::string name, description, release_date;
  bool released = false, archived = false;
};

struct LinkType {
  Id id = 0;
  std::string name, inward, outward;
};

/// An issue's field values in the store's own form (see docs/tracker.md): ids for references,
/// wiki markup for rich text, account ids for users.
struct Issue {
  Id id = 0, project_id = 0, number = 0;
  std::string key;
  Json fields = Json::object();
  std::int64_t created = 0, updated = 0;
};

/// Which version of an issue is stored: `updated` moves on every write (see write_update).
struct IssueVersion {
  Id id = 0;
  std::int64_t updated = 0;
};

struct Comment {
  Id id = 0, issue_id = 0;
  std::string author, update_author, body;  // body in wiki markup
  Json visibility;                          // null or {"type": "role", "value": "..."}
  std::int64_t created = 0, updated = 0;
};

struct Attachment {
  Id id = 0, issue_id = 0;
  std::string filename, mime_type, author;
  std::int64_t size = 0, created = 0;
};

/// items: [{field, fieldtype, fieldId, from, fromString, to, toString}]
struct ChangelogEntry {
  Id id = 0, issue_id = 0;
  std::string author;
  std::int64_t created = 0;
  Json items = Json::array();
};

struct IssueLink {
  Id id = 0, type_id = 0, inward_issue_id = 0, outward_issue_id = 0;
};

/// A link to an object outside the tracker; body holds application, relationship and object.
struct RemoteLink {
  Id id = 0, issue_id = 0;
  std::string global_id;
  Json body = Json::object();
};

/// flavour "cloud" (dynamic, /rest/api/{v}/webhook) or "server" (/rest/webhooks/1.0/webhook).
struct Webhook {
  Id id = 0;
  std::string name, url, flavour, jql;
  Json events = Json::array();
  Json field_ids_filter = Json::array();
  bool enabled = true;
  std::int64_t created = 0, expires = 0;
};

struct Delivery {
  Id id = 0, webhook_id = 0, issue_id = 0;
  std::string identifier, url, payload, state, last_error;
  int attempts = 0;
  std::int64_t next_attempt = 0;
};

}  // namespace twinsync::tracker
