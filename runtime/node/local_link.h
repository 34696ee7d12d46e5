// local_link.h — both sides of a connection in one process: events move from one engine's
// outbox to the other's inbox directly, with the same at-least-once and ordering guarantees
// as the network transport (delivered is marked only after the other side's inbox committed).
#pragma once

#include "runtime/sync/engine.h"

namespace twinsync::node {

/// Moves up to `max` events from `from` to `to`; returns how many moved.
Result<size_t> deliver(sync::ConnectionEngine& from, sync::ConnectionEngine& to, size_t max = 500);

}  // namespace twinsync::node
