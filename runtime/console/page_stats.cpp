// page_stats.cpp — GET /console/stats: each connection's counters, and a small inline SVG
// chart of the changes it sent and applied per day over the last two weeks.
#include <algorithm>

#include "compiler/vm/datetime.h"
#include "runtime/console/context.h"
#include "runtime/node/node.h"

namespace twinsync::console {
namespace {

constexpr int kDays = 14;
constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

int64_t count_of(const std::map<std::string, int64_t>& m, const char* name) {
  auto it = m.find(name);
  return it == m.end() ? 0 : it->second;
}

std::string day_label(int64_t day) { return when(day * kDayMs).substr(0, 10); }

// Stacked bars: sent (blue) under applied (green), one per day, oldest on the left.
std::string chart(const node::ConnectionStats& s, int64_t today) {
  int64_t top = 1;
  for (int64_t d = today - kDays + 1; d <= today; ++d) {
    auto it = s.days.find(d);
    if (it != s.days.end()) top = std::max(top, count_of(it->second, "sent") + count_of(it->second, "applied"));
  }
  constexpr int kBar = 18, kGap = 6, kHeight = 100, kLeft = 30;
  const int width = kLeft + kDays * (kBar + kGap) + 10;
  const std::string id = "chart-" + url_part(s.connection);
  std::string svg = "<svg class=\"chart\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(kHeight + 30) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(kHeight + 30) +
                    "\" role=\"img\" aria-labelledby=\"" + id + "\"><title id=\"" + id + "\">Changes per day on " +
                    esc(s.connection) + ", the last " + std::to_string(kDays) + " days (most " + std::to_string(top) +
                    ")</title>";
  svg += "<line x1=\"" + std::to_string(kLeft - 2) + "\" y1=\"" + std::to_string(kHeight) + "\" x2=\"" + std::to_string(width) +
         "\" y2=\"" + std::to_string(kHeight) + "\" stroke=\"#555\"/>";
  svg += "<text x=\"0\" y=\"10\">" + std::to_string(top) + "</text><text x=\"0\" y=\"" + std::to_string(kHeight) + "\">0</text>";
  for (int i = 0; i < kDays; ++i) {
    const int64_t day = today - kDays + 1 + i;
    int64_t sent = 0, applied = 0;
    if (auto it = s.days.find(day); it != s.days.end()) {
      sent = count_of(it->second, "sent");
      applied = count_of(it->second, "applied");
    }
    const int x = kLeft + i * (kBar + kGap);
    const int hs = static_cast<int>(sent * kHeight / top), ha = static_cast<int>(applied * kHeight / top);
    const std::string tip = "<title>" + day_label(day) + ": " + std::to_string(sent) + " sent, " + std::to_string(applied) +
                            " applied</title>";
    svg += "<g class=\"day\" data-day=\"" + day_label(day) + "\" data-sent=\"" + std::to_string(sent) + "\" data-applied=\"" +
           std::to_string(applied) + "\">" + tip;
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(kHeight - hs) + "\" width=\"" + std::to_string(kBar) +
           "\" height=\"" + std::to_string(hs) + "\" fill=\"#1a5fb4\"/>";
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(kHeight - hs - ha) + "\" width=\"" +
           std::to_string(kBar) + "\" height=\"" + std::to_string(ha) + "\" fill=\"#26a269\"/>";
    svg += "<text x=\"" + std::to_string(x + 2) + "\" y=\"" + std::to_string(kHeight + 14) + "\">" + day_label(day).substr(8, 2) +
           "</text></g>";
  }
  svg += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(kHeight + 28) +
         "\" fill=\"#1a5fb4\">■ sent</text><text x=\"" + std::to_string(kLeft + 60) + "\" y=\"" + std::to_string(kHeight + 28) +
         "\" fill=\"#26a269\">■ applied</text></svg>";
  return svg;
}

}  // namespace

void add_stats_page(net::Router& r, Context& ctx) {
  r.add("GET", "/console/stats", [&ctx](const net::RouteContext&) {
    auto all = ctx.node.stats("", kDays);
    if (!all) return failure_page(ctx, all.error());
    const int64_t today = datetime::now_ms() / kDayMs;
    std::string b = "<h1>Statistics</h1>";
    for (const auto& s : *all) {
      const int64_t n = count_of(s.total, "latency_count");
      b += "<section class=\"stats\" data-connection=\"" + esc(s.connection) + "\"><h2>" + esc(s.connection) + "</h2>";
      b += "<table><thead><tr><th scope=\"col\">Under sync</th><th scope=\"col\">Sent</th><th scope=\"col\">Applied</th>"
           "<th scope=\"col\">Errors opened</th><th scope=\"col\">Resolved</th><th scope=\"col\">Retries</th>"
           "<th scope=\"col\">Average latency</th><th scope=\"col\">Last sync</th></tr></thead><tbody><tr>";
      b += "<td>" + std::to_string(s.twins) + "</td><td class=\"sent\">" + std::to_string(count_of(s.total, "sent")) + "</td><td>" +
           std::to_string(count_of(s.total, "applied")) + "</td><td>" + std::to_string(count_of(s.total, "errors")) + "</td><td>" +
           std::to_string(count_of(s.total, "resolved")) + "</td><td>" + std::to_string(count_of(s.total, "retries")) + "</td><td>" +
           (n ? std::to_string(count_of(s.total, "latency_ms_sum") / n) + " ms" : std::string("–")) + "</td><td>" +
           esc(when(s.last_sync_ms)) + (s.last_sync_key.empty() ? "" : " (" + esc(s.last_sync_key) + ")") + "</td></tr></tbody></table>";
      b += chart(s, today) + "</section>";
    }
    if (all->empty()) b += "<p>This node has no connections.</p>";
    return page(ctx, Page{"Statistics", "stats", b, "", "", false});
  });
}

}  // namespace twinsync::console
