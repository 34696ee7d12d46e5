// eval_input.cpp — issue JSON files to records.
#include "runtime/cli/eval_input.h"

#include <nlohmann/json.hpp>

#include "compiler/vm/value_json.h"
#include "runtime/cli/files.h"

namespace twinsync::cli {

Result<Value> load_issue_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error(path + ": not valid JSON", "bad_json");
  if (!j.is_object()) return make_error(path + ": expected a JSON object (an issue)", "bad_json");
  if (j.contains("fields")) {
    return make_error(path + ": Jira REST issue JSON needs the Jira connector, which this build lacks; "
                             "give twinsync's record JSON instead",
                      "bad_json");
  }
  auto v = issue_from_json(j);
  if (!v) return make_error(path + v.error().message, "bad_json");
  return v;
}

}  // namespace twinsync::cli
