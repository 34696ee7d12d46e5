// wire.cpp — batch, ack and error bodies over nlohmann::json, read through strict_json.
#include "runtime/transport/wire.h"

#include <utf8.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>

#include "compiler/support/encoding.h"
#include "runtime/transport/strict_json.h"

namespace twinsync::transport {

namespace {

using json = nlohmann::json;

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

bool no_controls(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

Error batch_error(const std::string& where, const std::string& what) {
  return make_error(where + ": " + what, ErrorKind::BadBatch);
}

json event_json(const Event& e) {
  return json{{"id", e.id},   {"kind", e.kind},           {"twin", e.twin},
              {"seq", e.seq}, {"created_ms", e.created_ms}, {"payload", base64_encode(e.payload)}};
}

// Every field is required and no other is allowed: a newer sender that adds one must bump the
// protocol version in the path instead of being half understood.
Result<Event> event_from(const json& j, const std::string& where, const WireLimits& limits) {
  if (!j.is_object()) return batch_error(where, "expected an object");
  static const std::set<std::string> known = {"id", "kind", "twin", "seq", "created_ms", "payload"};
  for (const auto& [key, value] : j.items()) {
    if (!known.count(key)) return batch_error(where, "unknown field \"" + key.substr(0, 40) + "\"");
  }
  for (const std::string& key : known) {
    if (!j.contains(key)) return batch_error(where, "missing field \"" + key + "\"");
  }
  Event e;
  for (const char* key : {"id", "kind", "twin", "payload"}) {
    if (!j.at(key).is_string()) return batch_error(where + "." + key, "expected a string");
  }
  e.id = j.at("id").get<std::string>();
  e.kind = j.at("kind").get<std::string>();
  e.twin = j.at("twin").get<std::string>();
  const json& seq = j.at("seq");
  if (!seq.is_number_unsigned()) return batch_error(where + ".seq", "expected a non-negative integer");
  e.seq = seq.get<uint64_t>();
  const json& created = j.at("created_ms");
  if (!created.is_number_integer() ||
      (created.is_number_unsigned() && created.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))) {
    return batch_error(where + ".created_ms", "expected an integer (milliseconds since the epoch)");
  }
  e.created_ms = created.get<int64_t>();
  const std::string& text = j.at("payload").get_ref<const std::string&>();
  if (text.size() > (limits.max_payload_bytes + 2) / 3 * 4) {
    return batch_error(where + ".payload", "larger than " + std::to_string(limits.max_payload_bytes) + " bytes");
  }
  auto payload = base64_decode(text);
  if (!payload) return batch_error(where + ".payload", "not valid base64");
  e.payload = std::move(*payload);
  if (Status s = check_event(e, limits); !s) return batch_error(where, s.error().message);
  return e;
}

}  // namespace

WireLimits wire_limits_for(size_t max_attachment_bytes) {
  WireLimits l;
  l.max_payload_bytes = std::max(l.max_payload_bytes, max_attachment_bytes + 2 * 1024 * 1024);
  l.max_body_bytes = std::max(l.max_body_bytes, (l.max_payload_bytes + 2) / 3 * 4 + 64 * 1024);
  return l;
}

Status check_event(const Event& e, const WireLimits& limits) {
  auto bad = [](std::string what) { return make_error(std::move(what), ErrorKind::BadEvent); };
  if (e.id.empty() || e.id.size() > limits.max_id_bytes || !printable_ascii(e.id)) {
    return bad("event id must be 1 to " + std::to_string(limits.max_id_bytes) +
               " printable ASCII characters without spaces");
  }
  if (e.kind.empty() || e.kind.size() > limits.max_kind_bytes || !printable_ascii(e.kind)) {
    return bad("event " + e.id + ": kind must be 1 to " + std::to_string(limits.max_kind_bytes) +
               " printable ASCII characters without spaces");
  }
  if (e.twin.size() > limits.max_twin_bytes || !utf8::is_valid(e.twin.begin(), e.twin.end()) ||
      !no_controls(e.twin)) {
    return bad("event " + e.id + ": twin must be at most " + std::to_string(limits.max_twin_bytes) +
               " bytes of UTF-8 without control characters");
  }
  if (e.payload.size() > limits.max_payload_bytes) {
    return bad("event " + e.id + ": payload of " + std::to_string(e.payload.size()) + " bytes is over the limit of " +
               std::to_string(limits.max_payload_bytes));
  }
  return ok_status();
}

std::string encode_batch(std::span<const Event> events) {
  json list = json::array();
  for (const Event& e : events) list.push_back(event_json(e));
  return json{{"events", std::move(list)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

size_t encoded_event_size(const Event& event) {
  return event_json(event).dump(-1, ' ', false, json::error_handler_t::replace).size() + 1;
}

size_t encoded_batch_overhead() { return encode_batch({}).size(); }

Result<std::vector<Event>> parse_batch(std::string_view body, const WireLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return batch_error("body", "larger than " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  auto doc = parse_strict_json(body, 3);
  if (!doc) return batch_error("body", doc.error().message);
  if (!doc->is_object() || doc->size() != 1 || !doc->contains("events")) {
    return batch_error("body", "expected an object with exactly one field, \"events\"");
  }
  const json& list = doc->at("events");
  if (!list.is_array()) return batch_error("events", "expected an array");
  if (list.size() > limits.max_events) {
    return batch_error("events", std::to_string(list.size()) + " events, more than the limit of " +
                                     std::to_string(limits.max_events));
  }
  std::vector<Event> events;
  events.reserve(list.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "events[" + std::to_string(i) + "]";
    auto e = event_from(list[i], where, limits);
    if (!e) return e.error();
    if (!ids.insert(e->id).second) return batch_error(where + ".id", "duplicate id " + e->id + " in one batch");
    events.push_back(std::move(*e));
  }
  return events;
}

std::string encode_ack(const std::vector<std::string>& ids) {
  return json{{"acked", ids}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<std::string>> parse_ack(std::string_view body, const WireLimits& limits) {
  auto bad = [](std::string what) { return make_error("malformed acknowledgement: " + std::move(what), ErrorKind::BadAck); };
  auto doc = parse_strict_json(body, 2);
  if (!doc) return bad(doc.error().message);
  if (!doc->is_object() || doc->size() != 1 || !doc->contains("acked") || !doc->at("acked").is_array()) {
    return bad("expected {\"acked\": [ids]}");
  }
  const json& list = doc->at("acked");
  if (list.size() > limits.max_events) return bad("more ids than a batch can hold");
  std::vector<std::string> ids;
  for (const json& id : list) {
    if (!id.is_string()) return bad("an id is not a string");
    ids.push_back(id.get<std::string>());
  }
  return ids;
}

std::string encode_error(std::string_view message, std::string_view kind) {
  return json{{"error", message}, {"kind", kind}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string describe_error_body(std::string_view body) {
  auto doc = parse_strict_json(body.substr(0, 64 * 1024), 4);
  if (doc && doc->is_object() && doc->contains("error") && doc->at("error").is_string()) {
    std::string message = doc->at("error").get<std::string>().substr(0, 500);
    return no_controls(message) ? message : "(unprintable error message)";
  }
  std::string excerpt;
  for (char c : body.substr(0, 200)) excerpt += (c >= 0x20 && c < 0x7f) ? c : '?';
  return excerpt.empty() ? "(empty body)" : excerpt;
}

}  // namespace twinsync::transport
