// cmd_invite.cpp — `twinsync invite CONNECTION` and `twinsync accept [CODE]`: pairing two nodes
// through their admin APIs (docs/transport.md). Thin clients: the node does the work.
#include <cctype>
#include <iostream>
#include <optional>
#include <string>

#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"
#include "runtime/cli/admin_client.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/net/target.h"

namespace twinsync::cli {

namespace {

// "90s", "30m", "24h", "7d" (a bare number is seconds); nullopt when malformed.
std::optional<long long> parse_ttl(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  const long long n = *parse_int<long long>(std::string_view(text).substr(0, digits));
  const std::string unit = text.substr(digits);
  if (unit.empty() || unit == "s") return n;
  if (unit == "m") return n * 60;
  if (unit == "h") return n * 3600;
  if (unit == "d") return n * 86400;
  return std::nullopt;
}

}  // namespace

CommandRun setup_invite(CLI::App& app) {
  struct Options {
    NodeTarget node;
    std::string connection, ttl = "24h";
  };
  auto opt = std::make_shared<Options>();
  app.add_option("connection", opt->connection, "the connection to pair, as this node names it")->required();
  add_node_options(app, opt->node);
  app.add_option("--ttl", opt->ttl, "how long the code stays valid: 90s, 30m, 24h, 7d")->capture_default_str();
  app.footer(
      "Prints a one-line invitation code on stdout. Send it to the other side's admin over a\n"
      "channel you trust; it works once, until it expires, and is not shown again.");
  return [opt]() -> int {
    auto ttl = parse_ttl(opt->ttl);
    if (!ttl || *ttl <= 0) {
      std::cerr << "twinsync invite: error: --ttl wants a duration such as 90s, 30m, 24h or 7d\n";
      return kExitUsage;
    }
    auto answer = admin_call(opt->node, "POST", "/admin/v1/connections/" + url_encode(opt->connection) + "/invite",
                             {{"ttl_seconds", *ttl}});
    if (!answer) return report_failure("invite", answer.error());
    if (!answer->contains("code") || !(*answer)["code"].is_string()) {
      std::cerr << "twinsync invite: error: the node's answer has no code\n";
      return kExitUsage;
    }
    std::cout << (*answer)["code"].get<std::string>() << "\n";
    return kExitOk;
  };
}

CommandRun setup_accept(CLI::App& app) {
  struct Options {
    NodeTarget node;
    std::string code, connection;
    bool replace = false;
  };
  auto opt = std::make_shared<Options>();
  app.add_option("code", opt->code, "the invitation code; omit it or give - to read it from stdin");
  add_node_options(app, opt->node);
  app.add_option("--connection", opt->connection, "this node's name for the connection (default: the initiator's)");
  app.add_flag("--replace", opt->replace, "replace the connection's existing pairing (refused without it)");
  app.footer(
      "Reading the code from stdin keeps it out of the shell history and of `ps`:\n"
      "  twinsync accept --config node.sync < code.txt");
  return [opt]() -> int {
    std::string code = opt->code;
    if (code.empty() || code == "-") std::getline(std::cin, code);
    if (code.empty()) {
      std::cerr << "twinsync accept: error: no invitation code given\n";
      return kExitUsage;
    }
    nlohmann::json body = {{"code", code}, {"replace", opt->replace}};
    if (!opt->connection.empty()) body["connection"] = opt->connection;
    opt->node.timeout = std::chrono::seconds(60);  // accept waits for the other node
    auto answer = admin_call(opt->node, "POST", "/admin/v1/invitations/accept", body);
    if (!answer) return report_failure("accept", answer.error());
    const auto text = [&](const char* key) {
      return answer->contains(key) && (*answer)[key].is_string() ? (*answer)[key].get<std::string>() : std::string("?");
    };
    if (answer->contains("replaced") && (*answer)["replaced"].is_string()) {
      std::cout << "replaced: the pairing with " << (*answer)["replaced"].get<std::string>() << "\n";
    }
    std::cout << "paired: connection " << text("connection") << " <-> " << text("remote_url") << " (their connection "
              << text("remote_connection") << ")\n";
    return kExitOk;
  };
}

}  // namespace twinsync::cli
