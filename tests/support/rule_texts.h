// rule_texts.h — rule files for the two-tracker tests, composed from their parts. Most tests
// sync a few fields one or both ways between BLUE and GREEN and differ only in which fields and
// in one line of policy; writing each file out in full made a dozen near-copies that drifted.
// A test whose rules say something unusual still writes them out, where the reader sees them.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace twinsync::testkit::rules {

// `connection NAME { local "L" remote "R" [project "P"] }`, the first line of a rule file.
inline std::string connection(std::string_view name, std::string_view local, std::string_view remote,
                              std::string_view project = "") {
  std::string out = "connection " + std::string(name) + " { local \"" + std::string(local) + "\" remote \"" +
                    std::string(remote) + "\"";
  if (!project.empty()) out += " project \"" + std::string(project) + "\"";
  return out + " }\n";
}

// BLUE sends its labelled bugs; GREEN creates their twins in its own project.
inline std::string blue() { return connection("qa", "BLUE", "GREEN"); }
inline std::string green() { return connection("dev", "GREEN", "BLUE", "GREEN"); }
inline std::string bug_trigger() { return "trigger bugs on issue where project = BLUE AND labels = sync\n"; }

// The first-sync policies the tests use: the side that starts a twin never takes one back, the
// other creates a Bug.
constexpr std::string_view kSkipFirstSync = "if firstSync { skip }";
constexpr std::string_view kCreateBug = "if firstSync { issue.type = \"Bug\" }";

namespace detail {
inline std::string block(std::string_view kind, std::initializer_list<std::string_view> fields, std::string_view first,
                         std::string_view to, std::string_view from) {
  std::string out = std::string(kind) + " {\n";
  if (!first.empty()) out += "  " + std::string(first) + "\n";
  for (std::string_view f : fields)
    out += "  " + std::string(to) + "." + std::string(f) + " = " + std::string(from) + "." + std::string(f) + "\n";
  return out + "}\n";
}
}  // namespace detail

// `outgoing { [first] replica.F = issue.F … }`: sends each field as it is.
inline std::string outgoing(std::initializer_list<std::string_view> fields, std::string_view first = "") {
  return detail::block("outgoing", fields, first, "replica", "issue");
}

// `incoming { [first] issue.F = replica.F … }`: takes each field as it comes.
inline std::string incoming(std::initializer_list<std::string_view> fields, std::string_view first = "") {
  return detail::block("incoming", fields, first, "issue", "replica");
}

}  // namespace twinsync::testkit::rules
