// multipart.h — a multipart/form-data body for attachment uploads, written by hand (no library
// in the toolchain does it): one part per file, a boundary that does not occur in the data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace twinsync::jira {

struct FilePart {
  std::string field = "file";  // Jira's attachment endpoint reads the "file" parts
  std::string filename;
  std::string mime_type = "application/octet-stream";
  std::string_view bytes;
};

struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=…"
  std::string body;
};

/// Builds the body; `seed` varies the boundary (tests fix it).
MultipartBody make_multipart(const std::vector<FilePart>& parts, unsigned long long seed = 0);

}  // namespace twinsync::jira
