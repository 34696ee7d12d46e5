// jira_fixtures.h — reading the Jira fixtures under tests/fixtures (TWINSYNC_FIXTURES_DIR) in connector tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinsync::testkit {

inline std::string fixtures_dir() { return TWINSYNC_FIXTURES_DIR; }

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A fixture by its path under the fixtures folder ("jira-rest/go-jira/transitions.json").
inline nlohmann::json fixture_json(const std::string& relative) {
  return nlohmann::json::parse(read_text_file(fixtures_dir() + "/" + relative), nullptr, false);
}

/// Every .json file under a fixtures subfolder, sorted, as paths relative to the fixtures folder.
inline std::vector<std::string> fixture_files(const std::string& subdir) {
  std::vector<std::string> out;
  const std::filesystem::path root(fixtures_dir());
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root / subdir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".json") {
      out.push_back(std::filesystem::relative(it->path(), root).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace twinsync::testkit
