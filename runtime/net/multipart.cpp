// multipart.cpp — a careful multipart/form-data parser: delimiters must start a line, every part
// needs a header block and a Content-Disposition, and the close delimiter must be present.
#include "runtime/net/multipart.h"

#include <cctype>

#include "compiler/support/encoding.h"
#include "compiler/support/text.h"

namespace twinsync::net {

namespace {

Error bad(std::string message) { return make_error(std::move(message), ErrorKind::BadMultipart); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits `; key=value; key="quoted \"value\""` parameters after the first token.
struct HeaderValue {
  std::string token;
  std::vector<std::pair<std::string, std::string>> params;
};

std::optional<HeaderValue> parse_header_value(std::string_view v) {
  HeaderValue out;
  size_t i = v.find(';');
  out.token = ascii_lower(trim(v.substr(0, i)));
  while (i != std::string_view::npos && i < v.size()) {
    ++i;  // past ';'
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    if (i >= v.size()) break;
    size_t eq = v.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = ascii_lower(trim(v.substr(i, eq - i)));
    i = eq + 1;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      bool closed = false;
      for (; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
          value += v[++i];
        } else if (v[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value += v[i];
        }
      }
      if (!closed) return std::nullopt;
      while (i < v.size() && v[i] != ';') {
        if (v[i] != ' ' && v[i] != '\t') return std::nullopt;
        ++i;
      }
    } else {
      size_t end = v.find(';', i);
      value = std::string(trim(v.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end;
    }
    out.params.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

const std::string* find_param(const HeaderValue& hv, std::string_view key) {
  for (const auto& [k, v] : hv.params) {
    if (k == key) return &v;
  }
  return nullptr;
}

// RFC 5987 ext-value: UTF-8''percent%20encoded
std::optional<std::string> decode_ext_value(std::string_view v) {
  size_t q = v.find("''");
  if (q == std::string_view::npos || ascii_lower(v.substr(0, q)).rfind("utf-8", 0) != 0) return std::nullopt;
  std::string out;
  for (size_t i = q + 2; i < v.size(); ++i) {
    if (v[i] != '%') {
      out += v[i];
      continue;
    }
    if (i + 2 >= v.size() || hex_digit(v[i + 1]) < 0 || hex_digit(v[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex_digit(v[i + 1]) * 16 + hex_digit(v[i + 2]));
    i += 2;
  }
  return out;
}

Result<MultipartPart> parse_part(std::string_view block, const MultipartLimits& limits) {
  size_t header_end = block.find("\r\n\r\n");
  size_t body_start = header_end + 4;
  if (block.substr(0, 2) == "\r\n") {  // a part with no headers at all
    header_end = 0;
    body_start = 2;
  } else if (header_end == std::string_view::npos) {
    return bad("a part has no end of headers");
  }
  if (header_end > limits.max_header_bytes) return bad("a part's headers are too large");
  MultipartPart part;
  std::string_view headers = block.substr(0, header_end);
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return bad("malformed part header");
    part.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                              std::string(trim(line.substr(colon + 1))));
  }
  const std::string_view disposition = find_header(part.headers, "Content-Disposition");
  if (disposition.empty()) return bad("a part has no Content-Disposition");
  auto hv = parse_header_value(disposition);
  if (!hv || hv->token != "form-data") return bad("a part's Content-Disposition is not form-data");
  const std::string* name = find_param(*hv, "name");
  if (!name) return bad("a part has no name");
  part.name = *name;
  if (const std::string* ext = find_param(*hv, "filename*")) {
    part.filename = decode_ext_value(*ext);
    if (!part.filename) return bad("a part has a malformed filename*");
  } else if (const std::string* fn = find_param(*hv, "filename")) {
    part.filename = *fn;
  }
  const std::string_view type = find_header(part.headers, "Content-Type");
  part.content_type = type.empty() ? "text/plain" : std::string(type);
  part.body = std::string(block.substr(body_start));
  return part;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto hv = parse_header_value(content_type);
  if (!hv || hv->token.rfind("multipart/", 0) != 0) return std::nullopt;
  const std::string* b = find_param(*hv, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return *b;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type,
                                                    std::string_view body,
                                                    const MultipartLimits& limits) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) return bad("the Content-Type has no valid multipart boundary");
  const std::string dash = "--" + *boundary;
  const std::string delimiter = "\r\n" + dash;
  size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    size_t first = body.find(delimiter);
    if (first == std::string_view::npos) return bad("the body has no multipart boundary");
    pos = first + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  while (true) {
    // After a delimiter: "--" closes, else optional padding then CRLF opens a part.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return bad("a multipart boundary is not followed by a line end");
    pos += 2;
    size_t next = body.find(delimiter, pos);
    if (next == std::string_view::npos) return bad("the multipart body has no closing boundary");
    if (parts.size() >= limits.max_parts) return bad("too many parts");
    std::string_view block = body.substr(pos, next - pos);
    auto part = parse_part(block, limits);
    if (!part) return part.error();
    parts.push_back(std::move(*part));
    pos = next + delimiter.size();
  }
}

namespace {

std::string quoted_value(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c != '\r' && c != '\n') out += c;
  }
  return out + "\"";
}

}  // namespace

std::string build_multipart(std::string_view boundary, const std::vector<MultipartPart>& parts) {
  std::string out;
  for (const MultipartPart& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\nContent-Disposition: form-data; name=" + quoted_value(p.name);
    if (p.filename) out += "; filename=" + quoted_value(*p.filename);
    out += "\r\nContent-Type: " + (p.content_type.empty() ? std::string("text/plain") : p.content_type);
    out += "\r\n\r\n";
    out += p.body;
    out += "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

}  // namespace twinsync::net
