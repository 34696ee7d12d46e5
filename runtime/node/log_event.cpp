// log_event.cpp — names, levels and the JSON form of log events.
#include "runtime/node/log_event.h"

#include <nlohmann/json.hpp>

#include "compiler/vm/datetime.h"

namespace twinsync::node {
namespace {

struct EventInfo {
  const char* name;
  LogLevel level;
};

constexpr EventInfo kEvents[] = {
#define LOG_EVENT(id, name, level, when) {name, LogLevel::level},
#include "runtime/node/log_events.def"
#undef LOG_EVENT
};

}  // namespace

const char* event_name(LogEventId id) { return kEvents[static_cast<size_t>(id)].name; }
LogLevel event_level(LogEventId id) { return kEvents[static_cast<size_t>(id)].level; }

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
  }
  return "info";
}

std::string json_line(const LogEvent& e, int64_t now_ms) {
  // In the order a reader scans a line: when, how bad, what, where; then the text.
  nlohmann::ordered_json j = {{"ts", datetime::format_datetime(now_ms)},
                      {"level", level_name(event_level(e.id))},
                      {"event", event_name(e.id)}};
  if (!e.connection.empty()) j["connection"] = e.connection;
  if (!e.issue.empty()) j["issue"] = e.issue;
  j["message"] = e.message;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace twinsync::node
