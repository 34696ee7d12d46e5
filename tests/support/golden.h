// golden.h — compares output with a golden file beside the input; TWINSYNC_UPDATE_GOLDEN=1
// rewrites the golden files instead (then review the diff before committing).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace twinsync::testkit {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Files under `dir` (relative to the source tree) whose names end in `suffix`, sorted.
inline std::vector<std::string> files_in(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  const std::filesystem::path root = std::filesystem::path(TWINSYNC_SOURCE_DIR) / dir;
  if (!std::filesystem::exists(root)) return out;
  for (const auto& e : std::filesystem::directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(dir + "/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Checks `actual` against the golden file `golden` (relative to the source tree).
inline void expect_golden(const std::string& golden, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(TWINSYNC_SOURCE_DIR) / golden;
  if (const char* update = std::getenv("TWINSYNC_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << golden << " is missing; run with TWINSYNC_UPDATE_GOLDEN=1";
  EXPECT_EQ(read_text(path), actual) << "golden " << golden << " differs; run with TWINSYNC_UPDATE_GOLDEN=1 to accept";
}

/// A test name from a path: tests/lang/diagnostics/unknown_field.sync -> unknown_field.
inline std::string case_name(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace twinsync::testkit
