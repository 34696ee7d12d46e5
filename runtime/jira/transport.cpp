// transport.cpp — authorised, budgeted, classified and retried requests.
#include "runtime/jira/transport.h"

#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"

namespace twinsync::jira {
namespace {

constexpr size_t kMaxTargetInMessage = 200;

std::string request_line(const Call& call) {
  std::string target = call.target.size() > kMaxTargetInMessage
                           ? call.target.substr(0, kMaxTargetInMessage) + "…"
                           : call.target;
  return call.method + " " + target;
}

bool may_repeat(const Call& call, const Error& error) {
  if (!is_transient(error)) return false;
  if (call.repeat == Repeat::Safe) return true;
  return http_status_of(error) == 429;
}

}  // namespace

Call Call::get(std::string target) {
  Call c;
  c.target = std::move(target);
  return c;
}

Call Call::json(std::string method, std::string target, const Json& body, Repeat repeat) {
  Call c;
  c.method = std::move(method);
  c.target = std::move(target);
  c.body = dump_json(body);
  c.repeat = repeat;
  return c;
}

Transport::Transport(net::HttpClient& http, const JiraConfig& config, Clock& clock)
    : http_(http),
      config_(config),
      clock_(clock),
      authorization_(config.credentials.authorization()),
      secret_forms_(config.credentials.secret_forms()) {}

std::string Transport::redact(std::string text) const {
  for (const std::string& secret : secret_forms_) {
    if (secret.size() < 4) continue;  // too short to tell apart from ordinary text
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

Result<net::HttpResponse> Transport::attempt(const Call& call, const std::string& line) {
  if (config_.budget) config_.budget->acquire(clock_, config_.lane);
  net::HttpRequest req;
  req.method = call.method;
  req.target = call.target;
  req.body = call.body;
  if (!authorization_.empty()) req.headers.emplace_back("Authorization", authorization_);
  req.headers.emplace_back("Accept", call.binary ? "*/*" : "application/json");
  if (!call.body.empty()) req.headers.emplace_back("Content-Type", call.content_type);
  for (const auto& h : call.headers) req.headers.push_back(h);
  ++sent_;
  auto response = http_.send(req);
  if (!response) {
    const Error& e = response.error();
    Error failed = reworded(e, redact(line + ": " + e.message));
    if (failed.kind == ErrorKind::None) failed.kind = ErrorKind::Network;
    return failed;
  }
  if (response->status >= 200 && response->status < 300) return std::move(*response);
  Error e = http_error(line, *response);
  e.message = redact(std::move(e.message));
  if (response->status == 429) {
    last_retry_after_ = parse_retry_after(net::find_header(response->headers, "Retry-After"), clock_.now_ms());
    if (last_retry_after_) e.message += " (Retry-After " + std::to_string((*last_retry_after_ + 999) / 1000) + " s)";
  }
  return e;
}

Result<net::HttpResponse> Transport::send(const Call& call) {
  const std::string line = request_line(call);
  const RetryPolicy& policy = config_.retry;
  Backoff backoff(policy, policy.seed != 0 ? policy.seed + calls_++ : static_cast<uint64_t>(clock_.now_ms()) + calls_++);
  for (int attempt_no = 1;; ++attempt_no) {
    last_retry_after_.reset();
    auto result = attempt(call, line);
    if (result) return result;
    const Error& error = result.error();
    if (!may_repeat(call, error)) return result;
    if (attempt_no >= std::max(1, policy.max_attempts)) {
      return reworded(error, error.message + " (gave up after " + std::to_string(attempt_no) + " attempts)");
    }
    int64_t wait = backoff.delay_ms(attempt_no);
    if (http_status_of(error) == 429 && last_retry_after_) {
      if (*last_retry_after_ > policy.max_retry_after_ms) return result;  // the engine reschedules
      wait = *last_retry_after_;
      if (config_.budget) config_.budget->hold_until(clock_.now_ms() + wait);
    }
    clock_.sleep_ms(wait);
  }
}

Result<Json> Transport::send_json(const Call& call) {
  auto response = send(call);
  if (!response) return response.error();
  if (response->body.empty()) return Json(nullptr);
  auto j = parse_json(response->body);
  if (!j) return make_error(request_line(call) + ": the answer is not JSON", ErrorKind::BadJson);
  return std::move(*j);
}

}  // namespace twinsync::jira
