// richtext_fixtures.h — finds the ADF documents under fixtures/adf for the rich-text tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext::testkit {

inline std::filesystem::path fixtures_dir() { return std::filesystem::path(TWINSYNC_FIXTURES_DIR) / "adf"; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Every .json file under fixtures/adf except the schema, sorted, relative to fixtures/adf.
inline std::vector<std::string> adf_fixture_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(fixtures_dir(), ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto rel = std::filesystem::relative(it->path(), fixtures_dir()).generic_string();
    if (it->path().extension() == ".json" && rel.rfind("schema/", 0) != 0) files.push_back(rel);
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The ADF document inside a fixture: the value itself when it is a doc, the first doc found
/// inside a wrapping object, or a doc made around a bare array of nodes (inline nodes go into
/// one paragraph).
inline std::optional<nlohmann::json> find_adf_doc(const nlohmann::json& j) {
  if (j.is_object()) {
    if (j.value("type", "") == "doc") return j;
    for (const auto& [key, value] : j.items()) {
      if (auto found = find_adf_doc(value)) return found;
    }
    return std::nullopt;
  }
  if (!j.is_array() || j.empty() || !j[0].is_object() || !j[0].contains("type")) return std::nullopt;
  const auto kind = node_kind_from_adf(j[0]["type"].get<std::string>());
  nlohmann::json content = j;
  if (kind && is_inline(*kind)) content = nlohmann::json::array({{{"type", "paragraph"}, {"content", j}}});
  return nlohmann::json{{"type", "doc"}, {"version", 1}, {"content", content}};
}

inline nlohmann::json load_adf_fixture(const std::string& rel) {
  auto parsed = nlohmann::json::parse(read_file(fixtures_dir() / rel), nullptr, false);
  return find_adf_doc(parsed).value_or(nlohmann::json());
}

/// A gtest-friendly name for a fixture path.
inline std::string case_name(const std::string& rel) {
  std::string name;
  for (char c : rel.substr(0, rel.rfind('.'))) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace twinsync::richtext::testkit
