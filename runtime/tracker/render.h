// render.h — Jira's JSON for the tracker's entities (users, statuses, projects, options …), with
// `self` links under the tracker's base URL and the API version of the request.
#pragma once

#include <string>

#include "runtime/tracker/catalog.h"

namespace twinsync::tracker {

class Renderer {
 public:
  Renderer(const Catalog& catalog, std::string base_url, int version)
      : cat_(catalog), base_(std::move(base_url)), v_(version) {}

  const Catalog& catalog() const { return cat_; }
  int version() const { return v_; }
  const std::string& base() const { return base_; }
  /// base + "/rest/api/{v}" + path
  std::string api(const std::string& path) const;

  Json user(const User& u) const;
  /// null for an empty or unknown account id.
  Json user_ref(const std::string& account_id) const;
  Json status(const IssueStatus& s) const;
  Json status_category(const std::string& category) const;
  Json priority(const Priority& p) const;
  Json resolution(const Resolution& r) const;
  Json issue_type(const IssueType& t) const;
  Json project_ref(const Project& p) const;
  Json project_full(const Project& p) const;
  Json component(const Component& c) const;
  Json version_json(const Version& v) const;
  Json option(const FieldOption& o) const;
  Json link_type(const LinkType& t) const;
  Json avatar_urls(const std::string& kind, const std::string& id) const;

 private:
  const Catalog& cat_;
  std::string base_;
  int v_;
};

}  // namespace twinsync::tracker
