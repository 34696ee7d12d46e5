// clock.h — wall-clock time as the transport reads it, injectable so tests can move it (stale
// timestamps, expired invitations) without waiting.
#pragma once

#include <cstdint>
#include <functional>

namespace twinsync::transport {

/// Milliseconds since the Unix epoch.
using Clock = std::function<int64_t()>;

/// The system's wall clock.
int64_t system_now_ms();

}  // namespace twinsync::transport
