// decoder.h — what every reader of Jira JSON shares: the field catalog, and the warnings that
// stand for values of an unexpected shape (skipped, never fatal, each naming its JSON path).
#pragma once

#include <string>
#include <vector>

#include "runtime/jira/field_catalog.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {

/// A value that was skipped because it did not have the shape Jira documents.
struct DecodeWarning {
  std::string path;     // "/fields/assignee"
  std::string message;  // "expected a user object, got a number"
  std::string text() const { return path + ": " + message; }
};

/// A decoded value with the warnings its decode produced.
template <typename T>
struct Decoded {
  T value;
  std::vector<DecodeWarning> warnings;
};

struct DecodeOptions {
  /// Labels starting with this prefix are the connector's own create markers: rules never
  /// see them (see JiraClient::create_issue_once). Empty keeps every label.
  std::string hidden_label_prefix = "twinsync-";
};

/// A catalog that knows no field: for payloads without custom fields (changelogs, comments).
const FieldCatalog& empty_catalog();

/// Context of one decode: the catalog for custom fields and the warnings collected so far.
class Decoder {
 public:
  explicit Decoder(const FieldCatalog& catalog, DecodeOptions options = {})
      : catalog_(catalog), options_(std::move(options)) {}

  const FieldCatalog& catalog() const { return catalog_; }
  const DecodeOptions& options() const { return options_; }
  void warn(std::string path, std::string message) {
    warnings_.push_back({std::move(path), std::move(message)});
  }
  void unexpected(const std::string& path, const char* expected, const Json& got) {
    warn(path, std::string("expected ") + expected + ", got " + json_kind(got));
  }
  const std::vector<DecodeWarning>& warnings() const { return warnings_; }
  std::vector<DecodeWarning> take_warnings() { return std::move(warnings_); }

 private:
  const FieldCatalog& catalog_;
  DecodeOptions options_;
  std::vector<DecodeWarning> warnings_;
};

}  // namespace twinsync::jira
