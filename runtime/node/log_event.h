// log_event.h — one line of a node's log as a value: which event (log_events.def), about which
// connection and issue, and the text. Plain-text logs print the text; `--log-format json` prints
// one JSON object per line (ts, level, event, connection, issue, message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace twinsync::node {

enum class LogLevel { Info, Warn, Error };

enum class LogEventId {
#define LOG_EVENT(id, name, level, when) id,
#include "runtime/node/log_events.def"
#undef LOG_EVENT
};

inline constexpr size_t kLogEvents = 0
#define LOG_EVENT(id, name, level, when) +1
#include "runtime/node/log_events.def"
#undef LOG_EVENT
    ;

struct LogEvent {
  LogEventId id = LogEventId::Message;
  std::string connection;  // "" when it is not about one
  std::string issue;       // "" when it is not about one
  std::string message;     // the line plain-text logs show
};

const char* event_name(LogEventId id);
LogLevel event_level(LogEventId id);
const char* level_name(LogLevel level);

/// The event as one JSON line (no newline): {"ts": ISO-8601 UTC with milliseconds, "level",
/// "event", "connection"?, "issue"?, "message"}; text that is not UTF-8 is replaced, not thrown on.
std::string json_line(const LogEvent& e, int64_t now_ms);

}  // namespace twinsync::node
