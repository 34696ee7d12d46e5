// transport.h — one Jira request, sent right: the Authorization header added (and kept out of
// every message), the tracker's budget taken, non-2xx turned into classified errors with Jira's
// text, and transient faults retried under the retry policy when the call is safe to repeat.
#pragma once

#include <optional>
#include <string>

#include "compiler/support/result.h"
#include "runtime/jira/clock.h"
#include "runtime/jira/config.h"
#include "runtime/jira/json_util.h"
#include "runtime/net/http.h"

namespace twinsync::jira {

/// When a failed call may be sent again.
enum class Repeat {
  Safe,         // reads, PUT, DELETE, idempotent POSTs (search, remote link by globalId)
  OnlyIfUnsent  // other POSTs: only after a 429, which Jira answers before doing anything
};

struct Call {
  std::string method = "GET";
  std::string target;  // "/rest/api/3/issue/QA-1?fields=summary"
  std::string body;
  std::string content_type = "application/json";
  net::Headers headers;  // extra headers (X-Atlassian-Token …)
  Repeat repeat = Repeat::Safe;
  bool binary = false;  // the answer is not JSON (attachment content)

  static Call get(std::string target);
  /// A call with a JSON body.
  static Call json(std::string method, std::string target, const Json& body, Repeat repeat);
};

class Transport {
 public:
  Transport(net::HttpClient& http, const JiraConfig& config, Clock& clock);

  /// Sends with retries; a 2xx response, or the last error (with the request line, never the
  /// credentials).
  Result<net::HttpResponse> send(const Call& call);
  /// send() and parse the answer as JSON; an empty body is JSON null.
  Result<Json> send_json(const Call& call);
  /// Shorthands for JSON calls.
  Result<Json> get(const std::string& target) { return send_json(Call::get(target)); }

  /// Requests sent by this transport (attempts included): the cost of a sync in API calls.
  int64_t requests_sent() const { return sent_; }
  /// Removes every form of the secret from a text (defence in depth for echoed bodies).
  std::string redact(std::string text) const;
  Clock& clock() { return clock_; }
  const JiraConfig& config() const { return config_; }

 private:
  Result<net::HttpResponse> attempt(const Call& call, const std::string& request_line);

  net::HttpClient& http_;
  const JiraConfig& config_;
  Clock& clock_;
  std::string authorization_;
  std::vector<std::string> secret_forms_;
  std::optional<int64_t> last_retry_after_;  // of the last 429
  int64_t sent_ = 0;
  uint64_t calls_ = 0;
};

}  // namespace twinsync::jira
