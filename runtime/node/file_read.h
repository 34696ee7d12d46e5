// file_read.h — reading the small files a node trusts (secrets, rule files) so that what is
// checked is what is read: the file is opened once and its kind, size and mode are taken from
// the open descriptor, not from the path a moment earlier.
#pragma once

#include <cstddef>
#include <string>

#include "compiler/support/result.h"

namespace twinsync::node {

struct FileReadRules {
  std::size_t max_bytes = 1024 * 1024;
  bool follow_symlink = true;  // false: the last component must be the file itself
  bool owner_only = false;     // refuse a file its group or others can read or write
};

/// The file's content, or an error (kind "config") that names `what` and the path and says why.
Result<std::string> read_checked_file(const std::string& path, const std::string& what, const FileReadRules& rules);

}  // namespace twinsync::node
