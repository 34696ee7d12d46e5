// catalog.h — the tracker's configuration held in memory: projects, issue types, workflow,
// priorities, resolutions, custom fields, components, versions, link types and users. Loaded
// from the store at start and after admin changes; lookups by id or by name (case-insensitive).
#pragma once

#include <string_view>
#include <vector>

#include "runtime/tracker/model.h"

namespace twinsync::tracker {

struct Catalog {
  std::vector<Project> projects;
  std::vector<IssueType> issue_types;
  std::vector<IssueStatus> statuses;
  std::vector<Transition> transitions;
  std::vector<Priority> priorities;
  std::vector<Resolution> resolutions;
  std::vector<CustomField> custom_fields;
  std::vector<Component> components;
  std::vector<Version> versions;
  std::vector<LinkType> link_types;
  std::vector<User> users;

  const Project* project(Id id) const;
  const Project* project_by_key(std::string_view key_or_id) const;
  const IssueType* issue_type(Id id) const;
  const IssueType* issue_type_by_name(std::string_view name) const;
  const IssueStatus* status(Id id) const;
  const IssueStatus* status_by_name(std::string_view name) const;
  const Priority* priority(Id id) const;
  const Priority* priority_by_name(std::string_view name) const;
  const Resolution* resolution(Id id) const;
  const Resolution* resolution_by_name(std::string_view name) const;
  const CustomField* custom_field(std::string_view field_id) const;  // "customfield_10010"
  const CustomField* custom_field_by_name(std::string_view name) const;
  const Component* component(Id id) const;
  const Component* component_by_name(Id project_id, std::string_view name) const;
  const Version* version(Id id) const;
  const Version* version_by_name(Id project_id, std::string_view name) const;
  const LinkType* link_type(Id id) const;
  const LinkType* link_type_by_name(std::string_view name) const;
  const User* user(std::string_view account_id) const;
  /// By account id, user name or e-mail address.
  const User* user_by_any(std::string_view ident) const;
  /// Transitions leaving `status` (global ones included).
  std::vector<const Transition*> transitions_from(Id status) const;
  Id initial_status() const;
};

}  // namespace twinsync::tracker
