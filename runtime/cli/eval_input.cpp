// eval_input.cpp — issue JSON files to records: Jira's REST form through the connector's
// decoder, or twinsync's record form.
#include "runtime/cli/eval_input.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "compiler/vm/value_json.h"
#include "runtime/cli/files.h"
#include "runtime/jira/issue_decode.h"

namespace twinsync::cli {

Result<Value> load_issue_file(const std::string& spec, const jira::FieldCatalog& catalog) {
  // FILE#/json/pointer picks the issue inside a larger document (a webhook's "/issue").
  const size_t hash = spec.find('#');
  const std::string path = spec.substr(0, hash);
  auto text = read_file(path);
  if (!text) return text.error();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error(path + ": not valid JSON", ErrorKind::BadJson);
  if (hash != std::string::npos) {
    try {
      j = j.at(nlohmann::json::json_pointer(spec.substr(hash + 1)));
    } catch (const std::exception&) {
      return make_error(path + ": no " + spec.substr(hash + 1) + " in this document", ErrorKind::BadJson);
    }
  }
  if (!j.is_object()) return make_error(path + ": expected a JSON object (an issue)", ErrorKind::BadJson);
  if (j.contains("fields")) {
    jira::FieldCatalog known = catalog;
    known.merge(jira::FieldCatalog::from_issue_names(j));
    auto decoded = jira::decode_issue(j, known);
    if (!decoded) return make_error(path + ": " + decoded.error().message, ErrorKind::BadJson);
    for (const jira::DecodeWarning& w : decoded->warnings) {
      std::cerr << path << ": warning: " << w.path << ": " << w.message << "\n";
    }
    return decoded->issue;
  }
  auto v = issue_from_json(j);
  if (!v) return make_error(path + ": " + v.error().message, ErrorKind::BadJson);
  return v;
}

Result<jira::FieldCatalog> load_field_catalog(const std::string& path) {
  if (path.empty()) return jira::FieldCatalog{};
  auto text = read_file(path);
  if (!text) return text.error();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error(path + ": not valid JSON", ErrorKind::BadJson);
  auto catalog = jira::FieldCatalog::from_fields_response(j);
  if (!catalog) return make_error(path + ": " + catalog.error().message, ErrorKind::BadJson);
  return catalog;
}

}  // namespace twinsync::cli
