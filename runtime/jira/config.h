// config.h — how to reach one Jira: base URL, flavour and API version (or auto-detection),
// credentials, retry policy and the tracker's request budget. The secret lives only here, in
// memory; nothing prints it (errors show the request line, never headers).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/jira/budget.h"
#include "runtime/jira/decoder.h"
#include "runtime/jira/retry.h"

namespace twinsync::jira {

/// A credential that is never printed: no stream operator, no implicit conversion, wiped on
/// destruction. Call reveal() only to build the Authorization header.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  ~Secret();

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

struct Credentials {
  enum class Kind { None, Basic, Bearer };
  Kind kind = Kind::None;
  std::string user;  // e-mail (Cloud) or user name (Data Center) for Basic
  Secret secret;     // API token, password, or personal access token

  /// Basic with e-mail and API token (Cloud) or user name and password (Data Center).
  static Credentials basic(std::string user, std::string token);
  /// Bearer with a personal access token (Data Center) or an OAuth access token.
  static Credentials bearer(std::string token);

  /// The Authorization header value; empty for Kind::None.
  std::string authorization() const;
  /// Every form in which the secret could leak into text (raw, Basic's base64), for redaction.
  std::vector<std::string> secret_forms() const;
};

enum class FlavourSetting { Auto, Cloud, DataCenter };

struct JiraConfig {
  std::string base_url;                          // "https://acme.atlassian.net", "https://jira.corp/jira"
  FlavourSetting flavour = FlavourSetting::Auto; // Auto: serverInfo's deploymentType
  int api_version = 0;                           // 0: 3 on Cloud, 2 on Data Center
  Credentials credentials;
  RetryPolicy retry;
  std::shared_ptr<RequestBudget> budget;         // one per tracker, shared by its clients; null: none
  Lane lane = Lane::Live;                        // bulk runs use a client whose lane is Bulk
  bool notify_users = false;                     // sync writes ask Jira not to mail watchers
  int page_size = 100;                           // search and changelog pages
  int max_pages = 1000;                          // bound on one search's pages
  int max_transition_steps = 8;                  // bound on a status path through the workflow
  int64_t create_settle_ms = 5000;               // wait before checking whether a failed create landed
  DecodeOptions decode;                          // marker labels hidden from rules, etc.
};

/// Checks the base URL ("http(s)://host[:port][/path]").
Status validate_config(const JiraConfig& config);

}  // namespace twinsync::jira
