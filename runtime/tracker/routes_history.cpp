// routes_history.cpp — an issue's changelog, paged (GET) or by ids (POST …/changelog/list).
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

void add_history_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/changelog", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    const auto all = must(c.s.store->changelog_of(issue.id));
    const auto total = static_cast<std::int64_t>(all.size());
    const std::int64_t start = std::clamp<std::int64_t>(c.int_param("startAt", 0), 0, total);
    const std::int64_t max = std::clamp<std::int64_t>(c.int_param("maxResults", 100), 1, 1000);
    Json values = Json::array();
    for (std::int64_t i = start; i < std::min(total, start + max); ++i) {
      values.push_back(render_changelog_entry(c.renderer(), all[static_cast<size_t>(i)]));
    }
    const std::string self = c.renderer().api("/issue/" + issue.key + "/changelog");
    Json page{{"self", self + "?maxResults=" + std::to_string(max) + "&startAt=" + std::to_string(start)},
              {"maxResults", max}, {"startAt", start}, {"total", total}, {"isLast", start + max >= total},
              {"values", values}};
    if (start + max < total) {
      page["nextPage"] = self + "?maxResults=" + std::to_string(max) + "&startAt=" + std::to_string(start + max);
    }
    return json_response(200, page);
  });
  add_route(r, s, "POST", "/rest/api/{v}/issue/{key}/changelog/list", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    const Json b = c.body();
    const Json ids = b.value("changelogIds", Json(nullptr));
    if (!ids.is_array()) fail(400, "changelogIds must be an array of ids");
    Json histories = Json::array();
    for (const ChangelogEntry& e : must(c.s.store->changelog_of(issue.id))) {
      for (const Json& id : ids) {
        // Compared as text, not through a temporary Json (g++ 12 -O3 warns falsely inside it).
        if ((id.is_number_integer() && id.get<Id>() == e.id) ||
            (id.is_string() && id.get_ref<const std::string&>() == std::to_string(e.id))) {
          histories.push_back(render_changelog_entry(c.renderer(), e));
        }
      }
    }
    const auto n = static_cast<std::int64_t>(histories.size());
    return json_response(200, Json{{"histories", histories}, {"maxResults", n}, {"startAt", 0}, {"total", n}});
  });
}

}  // namespace twinsync::tracker
