// store_json.h — the JSON the tracker store keeps in text columns, read back.
#pragma once

#include <string>

#include "runtime/tracker/model.h"

namespace twinsync::tracker {

/// A JSON column's text as a value; text that does not parse reads as null.
inline Json parse_json(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

}  // namespace twinsync::tracker
