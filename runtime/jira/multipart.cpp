// multipart.cpp — multipart/form-data encoding.
#include "runtime/jira/multipart.h"

#include <cstdio>

namespace twinsync::jira {
namespace {

// Quotes and line breaks would end the header early; browsers percent-encode them the same way.
std::string header_safe(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '"') {
      out += "%22";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string boundary_for(unsigned long long seed) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "----twinsync-%016llx", seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  return buf;
}

bool occurs_in(const std::vector<FilePart>& parts, const std::string& boundary) {
  for (const FilePart& p : parts) {
    if (p.bytes.find(boundary) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

MultipartBody make_multipart(const std::vector<FilePart>& parts, unsigned long long seed) {
  std::string boundary = boundary_for(seed);
  while (occurs_in(parts, boundary)) boundary = boundary_for(++seed);
  MultipartBody out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  for (const FilePart& p : parts) {
    out.body += "--" + boundary + "\r\n";
    out.body += "Content-Disposition: form-data; name=\"" + header_safe(p.field) + "\"; filename=\"" +
                header_safe(p.filename) + "\"\r\n";
    out.body += "Content-Type: " + header_safe(p.mime_type) + "\r\n\r\n";
    out.body.append(p.bytes.data(), p.bytes.size());
    out.body += "\r\n";
  }
  out.body += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace twinsync::jira
