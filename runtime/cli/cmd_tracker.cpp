// cmd_tracker.cpp — `twinsync tracker`: serve the embedded Jira-compatible tracker until SIGINT
// or SIGTERM (docs/tracker.md).
#include <csignal>
#include <iostream>

#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/tracker/tracker.h"
#include "runtime/tracker/util.h"

namespace twinsync::cli {

namespace {

struct TrackerArgs {
  std::string listen = "127.0.0.1:8080";
  std::string db;
  std::string seed = "sample";
  std::string rate_limit;
  std::size_t max_attachment = 10 * 1024 * 1024;
  std::int64_t issue_comment_page = 0;
  tracker::TrackerOptions opt;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0"
bool parse_listen(const std::string& text, std::string& host, std::uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  auto p = tracker::parse_id(text.substr(colon + 1));
  if (!p || *p < 0 || *p > 65535) return false;
  port = static_cast<std::uint16_t>(*p);
  return true;
}

// "20", "20/s", "1200/min"
bool parse_rate(const std::string& text, double& per_second) {
  const size_t slash = text.find('/');
  auto n = tracker::parse_id(text.substr(0, slash));
  if (!n || *n < 0) return false;
  const std::string unit = slash == std::string::npos ? "s" : text.substr(slash + 1);
  if (unit != "s" && unit != "min") return false;
  per_second = unit == "s" ? static_cast<double>(*n) : static_cast<double>(*n) / 60.0;
  return true;
}

int run(TrackerArgs& a) {
  tracker::TrackerOptions& opt = a.opt;
  if (!parse_listen(a.listen, opt.host, opt.port)) {
    std::cerr << "twinsync tracker: error: --listen wants HOST:PORT, got '" << a.listen << "'\n";
    return kExitUsage;
  }
  if (!a.rate_limit.empty() && !parse_rate(a.rate_limit, opt.rate_limit)) {
    std::cerr << "twinsync tracker: error: --rate-limit wants N, N/s or N/min, got '" << a.rate_limit << "'\n";
    return kExitUsage;
  }
  opt.db_path = a.db;
  opt.seed_sample = a.seed == "sample";
  opt.max_attachment_bytes = a.max_attachment;
  opt.issue_comment_page = a.issue_comment_page;
  // Block the stop signals before any thread starts, so that sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto t = tracker::Tracker::start(opt);
  if (!t) {
    std::cerr << "twinsync tracker: error: " << t.error().message << "\n";
    return kExitUsage;
  }
  std::cout << "twinsync tracker: serving " << (*t)->base_url() << " (store " << a.db << ")\n";
  if (const auto& admin = (*t)->seeded_admin()) {
    std::cout << "new store seeded; the admin's credentials are shown this once:\n"
              << "  email:        " << admin->email << "\n"
              << "  api token:    " << admin->api_token << "   (Basic auth with the email)\n"
              << "  bearer token: " << admin->pat << "\n";
  }
  std::cout << std::flush;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cout << "twinsync tracker: stopping\n";
  (*t)->stop();
  return kExitOk;
}

}  // namespace

CommandRun setup_tracker(CLI::App& app) {
  auto a = std::make_shared<TrackerArgs>();
  app.add_option("--listen", a->listen, "address to serve on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--db", a->db, "SQLite store of the tracker (created when missing)")->required();
  app.add_option("--seed", a->seed, "what a new store starts with: sample (a project, users) or none")
      ->check(CLI::IsMember({"sample", "none"}))
      ->capture_default_str();
  app.add_option("--base-url", a->opt.base_url, "URL for `self` links (default http://HOST:PORT)");
  app.add_option("--admin-email", a->opt.admin_email, "the seeded admin's e-mail")->capture_default_str();
  app.add_option("--admin-token", a->opt.admin_token, "the seeded admin's API token (default: random)");
  app.add_option("--project-key", a->opt.project_key, "key of the sample project")->capture_default_str();
  app.add_option("--project-name", a->opt.project_name, "name of the sample project")->capture_default_str();
  app.add_option("--rate-limit", a->rate_limit, "request budget, N/s or N/min; beyond it 429 with Retry-After");
  app.add_option("--max-attachment-size", a->max_attachment, "largest attachment in bytes")->capture_default_str();
  app.add_option("--issue-comment-page", a->issue_comment_page,
                 "at most N comments in an issue's comment field, the rest counted in its total (as Jira Cloud); 0: all")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--webhook", a->opt.webhook_urls, "URL that receives every issue and comment event");
  app.add_option("--user", a->opt.users, "a user to have, name:email[:api-token] (made when missing)");
  app.add_option("--group", a->opt.groups, "a group for membersOf(), name:user,user (every user is in jira-users)");
  app.add_option("--project", a->opt.projects, "a project to have, KEY[:Name] (made when missing)");
  app.add_option("--issue-type", a->opt.issue_types, "an issue type to have besides Jira's five (made when missing)");
  app.add_option("--custom-field", a->opt.custom_fields,
                 "a custom field to have, Name:kind or Name:select:One|Two (made when missing)");
  app.add_flag("--log-requests", a->opt.log_requests, "print each request's method, path, status and time");
  return [a] { return run(*a); };
}

}  // namespace twinsync::cli
