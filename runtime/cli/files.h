// files.h — reading and writing whole files for the CLI, with errors that name the path.
#pragma once

#include <string>

#include "compiler/support/result.h"

namespace twinsync::cli {

Result<std::string> read_file(const std::string& path);
Status write_file(const std::string& path, const std::string& bytes);

}  // namespace twinsync::cli
