// event_queue.h — what the transport needs from the node's store: the outbox to send from and
// the inbox to accept into (the node implements it over SQLite; tests use an in-memory fake).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/transport/event.h"

namespace twinsync::transport {

class EventQueue {
 public:
  virtual ~EventQueue() = default;
  /// Up to `max` undelivered outbound events of a connection, in outbox order.
  virtual Result<std::vector<Event>> pending(const std::string& connection, size_t max) = 0;
  /// Marks events delivered once the remote acknowledged them.
  virtual Status delivered(const std::string& connection, const std::vector<std::string>& ids) = 0;
  /// The event can never be delivered (the remote refused it for good, or it cannot travel):
  /// it and its twin's later events are held and the twin parks with `reason`; the other
  /// twins' events keep flowing (they are no longer among `pending`).
  virtual Status refuse(const std::string& connection, const std::string& id, const std::string& reason) = 0;
  /// Stores inbound events durably (ids already stored are ignored) and returns only after the commit.
  virtual Status accept(const std::string& connection, const std::vector<Event>& events) = 0;
};

}  // namespace twinsync::transport
