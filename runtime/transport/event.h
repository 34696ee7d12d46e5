// event.h — one replica event crossing between nodes; the payload is opaque bytes to the transport.
#pragma once

#include <cstdint>
#include <string>

namespace twinsync::transport {

struct Event {
  std::string id;        // globally unique; the receiver's dedupe key
  std::string kind;      // "replica", "link", "connect", "unexalate" (opaque to the transport)
  std::string twin;      // the sender's local issue key
  uint64_t seq = 0;      // per twin and direction, from 1
  std::string payload;   // bytes (binary allowed)
  int64_t created_ms = 0;

  bool operator==(const Event&) const = default;
};

}  // namespace twinsync::transport
