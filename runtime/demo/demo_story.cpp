// demo_story.cpp — what the demo does on the two trackers.
#include <chrono>
#include <thread>

#include "compiler/schema/shapes.h"
#include "runtime/demo/demo_report.h"

namespace twinsync::demo {
namespace {

using Json = nlohmann::json;

Result<Json> post(jira::JiraClient& client, const std::string& path, const Json& body) {
  return client.transport().send_json(jira::Call::json("POST", path, body, jira::Repeat::OnlyIfUnsent));
}

std::string twin_of(node::Node& n, const std::string& key) {
  auto s = n.issue_status(key);
  if (!s || s->empty()) return {};
  return (*s)[0].remote_key;
}

}  // namespace

Result<UserClient> user_client(const std::string& base_url, const std::string& email, const std::string& token) {
  auto endpoint = net::parse_endpoint(base_url);
  if (!endpoint) return endpoint.error();
  auto http = net::make_http_client(*endpoint);
  if (!http) return http.error();
  jira::JiraConfig config;
  config.base_url = base_url;
  config.credentials = jira::Credentials::basic(email, token);
  auto client = std::make_unique<jira::JiraClient>(**http, config);
  if (auto ok = client->connect(); !ok) return ok.error();
  return UserClient{std::move(*http), std::move(client)};
}

std::string Story::create(const std::string& summary, const std::string& priority,
                          const std::vector<std::string>& labels, const std::string& description) {
  Json fields = {{"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}}, {"summary", summary},
                 {"priority", {{"name", priority}}}, {"labels", labels}, {"description", description}};
  auto made = post(*qa_.client, "/rest/api/2/issue", {{"fields", fields}});
  if (!made) {
    out_ << "  ! could not create an issue on blue: " << made.error().message << "\n";
    return {};
  }
  const std::string key = (*made)["key"];
  out_ << "  blue:  " << key << " \"" << summary << "\" (" << priority
       << (labels.empty() ? "" : ", labels " + Json(labels).dump()) << ")\n";
  return key;
}

bool Story::settle(const char* what) {
  // Webhooks bring the changes; the wait ends when both nodes have nothing left to do.
  const auto start = std::chrono::steady_clock::now();
  bool ok = true;
  for (int round = 0; round < 3; ++round) {
    ok = blue_.wait_idle(std::chrono::seconds(20)) && green_.wait_idle(std::chrono::seconds(20));
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  out_ << "  ... " << what << (ok ? " (settled in " + std::to_string(ms) + " ms)" : " (did not settle in time)") << "\n";
  return ok;
}

bool Story::tell() {
  out_ << "QA files bugs; those labelled `vetted` go to the developers:\n";
  const std::string a = create("Checkout button does nothing", "High", {"vetted", "mobile"},
                               "h3. Steps\n# Add a product to the cart\n# Tap *Checkout*\n\nNothing happens.");
  const std::string b = create("Search returns stale results", "Medium", {"vetted"}, "After an edit, search shows the old title.");
  const std::string c = create("Typo on the pricing page", "Low", {"vetted"}, "\"Anual\" should be \"Annual\".");
  home_only_ = create("Flaky login on staging", "Low", {}, "Not reproduced yet: QA keeps it.");
  qa_keys_ = {a, b, c};
  if (a.empty() || b.empty() || c.empty()) return false;
  auto& client = *qa_.client;
  (void)client.add_comment(a, "Seen on iOS 17 and Android 14.", Value(), false);
  (void)client.add_comment(a, "Internal: the customer is on a trial plan.", Value::string("role:Administrators"), false);
  (void)client.upload_attachment(a, "checkout.png", "image/png", std::string("\x89PNG\r\n\x1a\n demo screenshot", 24));
  (void)client.add_comment(b, "Happens with the Safari cache on.", Value(), false);
  out_ << "  blue:  comments on " << a << " (one internal) and " << b << ", a screenshot on " << a << "\n";
  bool ok = settle("syncing to green");
  for (const std::string& k : qa_keys_) {
    const std::string twin = twin_of(blue_, k);
    out_ << "  " << k << (twin.empty() ? " has no twin yet" : " -> " + twin) << "\n";
  }

  out_ << "\nThe developers work on green:\n";
  const std::string ga = twin_of(blue_, a), gb = twin_of(blue_, b);
  auto& dev = *dev_.client;
  if (!ga.empty()) {
    jira::WantedChanges review;
    review.set(IssueSlot::Status, Value::string("In Review"));
    if (auto r = dev.apply(ga, review); r) out_ << "  green: " << ga << " -> In Review\n";
    (void)dev.add_comment(ga, "Fixed in build 42; please verify.", Value(), false);
    out_ << "  green: comment on " << ga << "\n";
  }
  if (!gb.empty()) {
    jira::WantedChanges done;
    done.set(IssueSlot::Status, Value::string("Done"));
    done.set(IssueSlot::Resolution, Value::string("Done"));
    if (auto r = dev.apply(gb, done); r) {
      out_ << "  green: " << gb << " -> Done (resolution Done)\n";
    } else {
      out_ << "  ! green: " << gb << " could not be closed: " << r.error().message << "\n";
    }
  }
  return settle("syncing back to blue") && ok;
}

}  // namespace twinsync::demo
