// wire.h — the bodies nodes exchange: a batch of events as JSON with base64 payloads, the
// receiver's acknowledgement, and error answers. Parsing is strict and bounded because the
// bytes come from another organisation's node; encoding refuses what parsing would refuse.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/transport/event.h"

namespace twinsync::transport {

struct WireLimits {
  size_t max_body_bytes = 8 * 1024 * 1024;     // a whole batch as sent
  size_t max_events = 1000;                    // per batch
  size_t max_payload_bytes = 4 * 1024 * 1024;  // one event's payload, decoded
  size_t max_id_bytes = 128;                   // printable ASCII, no spaces
  size_t max_kind_bytes = 64;                  // printable ASCII, no spaces
  size_t max_twin_bytes = 256;                 // UTF-8 without control characters
};

/// Limits that agree with a connection's attachment limit: an event carries at most that many
/// file bytes plus the other fields, base64-encoded in the batch.
WireLimits wire_limits_for(size_t max_attachment_bytes);

/// Whether an event can travel: the same rules parse_batch applies to what arrives.
/// Errors have kind "bad_event" and name the event by id only when the id itself is valid.
Status check_event(const Event& event, const WireLimits& limits = {});

/// `{"events":[{"id":…,"kind":…,"twin":…,"seq":…,"created_ms":…,"payload":"<base64>"}]}`.
/// The events must have passed check_event.
std::string encode_batch(std::span<const Event> events);
/// Bytes the event adds to a batch (its object and a separating comma), to cut batches to size.
size_t encoded_event_size(const Event& event);
/// Empty batch overhead: encode_batch({}).size().
size_t encoded_batch_overhead();

/// Errors have kind "bad_batch" with a JSON-pointer-like location ("events[3].seq: …").
Result<std::vector<Event>> parse_batch(std::string_view body, const WireLimits& limits = {});

/// `{"acked":["id", …]}`: the ids the receiver stored durably.
std::string encode_ack(const std::vector<std::string>& ids);
Result<std::vector<std::string>> parse_ack(std::string_view body, const WireLimits& limits = {});

/// `{"error":"…","kind":"…"}` for every refusal, so the other side can log a reason.
std::string encode_error(std::string_view message, std::string_view kind);
/// The message of an error body, or a short, printable excerpt of anything else.
std::string describe_error_body(std::string_view body);

}  // namespace twinsync::transport
