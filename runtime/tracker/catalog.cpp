// catalog.cpp — lookups over the in-memory configuration.
#include "runtime/tracker/catalog.h"

#include "compiler/support/numbers.h"
#include "compiler/support/text.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

template <typename T>
const T* by_id(const std::vector<T>& v, Id id) {
  for (const T& x : v) {
    if (x.id == id) return &x;
  }
  return nullptr;
}

template <typename T>
const T* by_name(const std::vector<T>& v, std::string_view name) {
  for (const T& x : v) {
    if (iequals(x.name, name)) return &x;
  }
  return nullptr;
}

}  // namespace

const Project* Catalog::project(Id id) const { return by_id(projects, id); }
const Project* Catalog::project_by_key(std::string_view k) const {
  for (const Project& p : projects) {
    if (iequals(p.key, k)) return &p;
  }
  auto id = parse_id(k);
  return id ? project(*id) : nullptr;
}
const IssueType* Catalog::issue_type(Id id) const { return by_id(issue_types, id); }
const IssueType* Catalog::issue_type_by_name(std::string_view n) const { return by_name(issue_types, n); }
const IssueStatus* Catalog::status(Id id) const { return by_id(statuses, id); }
const IssueStatus* Catalog::status_by_name(std::string_view n) const { return by_name(statuses, n); }
const Priority* Catalog::priority(Id id) const { return by_id(priorities, id); }
const Priority* Catalog::priority_by_name(std::string_view n) const { return by_name(priorities, n); }
const Resolution* Catalog::resolution(Id id) const { return by_id(resolutions, id); }
const Resolution* Catalog::resolution_by_name(std::string_view n) const { return by_name(resolutions, n); }
const Component* Catalog::component(Id id) const { return by_id(components, id); }
const Version* Catalog::version(Id id) const { return by_id(versions, id); }
const LinkType* Catalog::link_type(Id id) const { return by_id(link_types, id); }
const LinkType* Catalog::link_type_by_name(std::string_view n) const { return by_name(link_types, n); }
const CustomField* Catalog::custom_field_by_name(std::string_view n) const { return by_name(custom_fields, n); }

const CustomField* Catalog::custom_field(std::string_view field_id) const {
  constexpr std::string_view prefix = "customfield_";
  if (field_id.substr(0, prefix.size()) != prefix) return nullptr;
  auto id = parse_id(field_id.substr(prefix.size()));
  return id ? by_id(custom_fields, *id) : nullptr;
}

const Component* Catalog::component_by_name(Id project_id, std::string_view n) const {
  for (const Component& c : components) {
    if (c.project_id == project_id && iequals(c.name, n)) return &c;
  }
  return nullptr;
}

const Version* Catalog::version_by_name(Id project_id, std::string_view n) const {
  for (const Version& v : versions) {
    if (v.project_id == project_id && iequals(v.name, n)) return &v;
  }
  return nullptr;
}

const User* Catalog::user(std::string_view account_id) const {
  for (const User& u : users) {
    if (u.account_id == account_id) return &u;
  }
  return nullptr;
}

const User* Catalog::user_by_any(std::string_view ident) const {
  for (const User& u : users) {
    if (u.account_id == ident || iequals(u.name, ident) || iequals(u.email, ident)) return &u;
  }
  return nullptr;
}

std::vector<const Transition*> Catalog::transitions_from(Id status_id) const {
  std::vector<const Transition*> out;
  for (const Transition& t : transitions) {
    if (!t.from || *t.from == status_id) out.push_back(&t);
  }
  return out;
}

Id Catalog::initial_status() const {
  for (const IssueStatus& s : statuses) {
    if (s.category == "new") return s.id;
  }
  return statuses.empty() ? 0 : statuses.front().id;
}

}  // namespace twinsync::tracker
