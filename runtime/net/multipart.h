// multipart.h — multipart/form-data (RFC 7578) parsing for uploads, and building for clients
// and tests. Debian ships no parser; this one is strict: anything malformed is an error value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/net/http.h"

namespace twinsync::net {

struct MultipartPart {
  std::string name;                     // Content-Disposition name=
  std::optional<std::string> filename;  // filename= (or a decoded filename*=UTF-8''…)
  std::string content_type;             // "text/plain" when the part does not say
  Headers headers;
  std::string body;
};

struct MultipartLimits {
  std::size_t max_parts = 100;
  std::size_t max_header_bytes = 8 * 1024;  // the header block of one part
};

/// The boundary parameter of a multipart Content-Type, unquoted; nullopt when not multipart or
/// missing or not a valid boundary (1 to 70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

/// Every part of a multipart body. Errors (kind "bad_multipart") name what is wrong.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                    std::string_view body,
                                                    const MultipartLimits& limits = {});

/// A multipart/form-data body with `boundary`; parts' name, filename, content_type and body are
/// used. Returns the body; the Content-Type is "multipart/form-data; boundary=" + boundary.
std::string build_multipart(std::string_view boundary, const std::vector<MultipartPart>& parts);

}  // namespace twinsync::net
