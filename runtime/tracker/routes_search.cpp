// routes_search.cpp — JQL search: /search with startAt/total (REST v2, Data Center) and
// /search/jql with nextPageToken and no total (Jira Cloud's current endpoint).
#include "runtime/jira/search.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

struct SearchArgs {
  std::string jql;
  std::int64_t start = 0;
  std::int64_t max = 50;
  std::int64_t asked = 50;  // maxResults as given, before the page's bound
  std::vector<std::string> fields, expand;
  std::string token;
};

std::vector<std::string> strings(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.push_back(v.get<std::string>());
  if (v.is_array()) {
    for (const Json& e : v) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

SearchArgs read_args(Call& c) {
  SearchArgs a;
  if (c.request().method == "POST") {
    const Json b = c.body();
    if (!b.is_object()) fail(400, "The request body must be a JSON object.");
    a.jql = b.value("jql", Json("")).is_string() ? b.value("jql", std::string()) : "";
    if (b.contains("startAt") && !b["startAt"].is_number_integer()) fail(400, "startAt must be a number");
    if (b.contains("maxResults") && !b["maxResults"].is_number_integer()) fail(400, "maxResults must be a number");
    a.start = b.value("startAt", std::int64_t{0});
    a.max = b.value("maxResults", std::int64_t{50});
    a.fields = strings(b.value("fields", Json(nullptr)));
    a.expand = strings(b.value("expand", Json(nullptr)));
    a.token = b.value("nextPageToken", Json("")).is_string() ? b.value("nextPageToken", std::string()) : "";
  } else {
    a.jql = c.param("jql").value_or("");
    a.start = c.int_param("startAt", 0);
    a.max = c.int_param("maxResults", 50);
    a.fields = c.route.target.params("fields");
    a.expand = c.route.target.params("expand");
    a.token = c.param("nextPageToken").value_or("");
  }
  if (a.start < 0) fail(400, "startAt must not be negative");
  a.asked = a.max;
  a.max = std::clamp<std::int64_t>(a.max, 0, jira::kDataCenterKeyPageSize);  // Jira's page bound
  return a;
}

// The ids of the issues matching the query, in its order; Jira's 400 when it does not compile.
std::vector<Id> run_query(Call& c, const std::string& jql) {
  auto q = c.s.jql.compile(c.s, jql);
  if (!q->ok()) throw ApiError{400, q->errors, Json::object()};
  return c.s.jql.search(c.s, *q, c.user ? &*c.user : nullptr);
}

// Only the page is read from the store and rendered.
Json render_hits(Call& c, const std::vector<Id>& ids, size_t from, size_t to, const SearchArgs& a,
                 const std::string& default_fields) {
  const auto sel = FieldSelection::parse(a.fields, default_fields);
  const auto expand = parse_expand(a.expand);
  const Renderer r = c.renderer();
  Json out = Json::array();
  for (size_t k = from; k < to && k < ids.size(); ++k) {
    if (auto issue = must(c.s.store->issue_by_id(ids[k]))) out.push_back(render_issue(c.s, r, *issue, sel, expand, c.s.opt.issue_comment_page));
  }
  return out;
}

net::HttpResponse search(Call& c) {
  const SearchArgs a = read_args(c);
  const auto issues = run_query(c, a.jql);
  const size_t from = static_cast<size_t>(a.start), to = from + static_cast<size_t>(a.max);
  Json body{{"expand", "schema,names"}, {"startAt", a.start}, {"maxResults", a.max},
            {"total", issues.size()}, {"issues", render_hits(c, issues, from, to, a, "*navigable")}};
  const auto expand = parse_expand(a.expand);
  if (expand.count("names") || expand.count("schema")) {
    Json names = Json::object(), schema = Json::object();
    for (const FieldInfo& f : c.s.fields) {
      names[f.id] = f.name;
      schema[f.id] = f.schema;
    }
    if (expand.count("names")) body["names"] = names;
    if (expand.count("schema")) body["schema"] = schema;
  }
  return json_response(200, body);
}

// nextPageToken: the offset, bound to the query so that a token is not reused with another.
std::string make_token(size_t offset, const std::string& jql) {
  return std::to_string(offset) + "." + sha256_hex(jql).substr(0, 12);
}

size_t read_token(const std::string& token, const std::string& jql) {
  if (token.empty()) return 0;
  const size_t dot = token.find('.');
  auto offset = dot == std::string::npos ? std::nullopt : parse_id(token.substr(0, dot));
  if (!offset || *offset < 0 || token.substr(dot + 1) != sha256_hex(jql).substr(0, 12)) {
    fail(400, "The provided next page token is invalid or expired.");
  }
  return static_cast<size_t>(*offset);
}

net::HttpResponse search_jql(Call& c) {
  SearchArgs a = read_args(c);
  // Ids and keys alone come 5,000 a page from Cloud's /search/jql; anything else stays at 1,000.
  if (jira::keys_only(a.fields)) a.max = std::clamp<std::int64_t>(a.asked, 0, jira::kCloudKeyPageSize);
  if (a.max == 0) a.max = 50;
  const auto issues = run_query(c, a.jql);
  const size_t from = read_token(a.token, a.jql), to = from + static_cast<size_t>(a.max);
  Json body{{"issues", render_hits(c, issues, from, to, a, "id")}, {"isLast", to >= issues.size()}};
  if (to < issues.size()) body["nextPageToken"] = make_token(to, a.jql);
  return json_response(200, body);
}

}  // namespace

void add_search_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/search", search);
  add_route(r, s, "POST", "/rest/api/{v}/search", search);
  add_route(r, s, "GET", "/rest/api/{v}/search/jql", search_jql);
  add_route(r, s, "POST", "/rest/api/{v}/search/jql", search_jql);
  add_route(r, s, "POST", "/rest/api/{v}/search/approximate-count", [](Call& c) {
    const Json b = c.body();
    return json_response(200, Json{{"count", run_query(c, b.value("jql", std::string())).size()}});
  });
}

}  // namespace twinsync::tracker
