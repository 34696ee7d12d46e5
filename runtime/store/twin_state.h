// twin_state.h — the twin states of twin_states.def as a type, with their names.
#pragma once

#include <optional>
#include <string_view>

namespace twinsync::store {

enum class TwinState : unsigned char {
#define TWIN_STATE(id, name, doc) id,
#include "runtime/store/twin_states.def"
#undef TWIN_STATE
};

constexpr std::string_view twin_state_name(TwinState s) {
  switch (s) {
#define TWIN_STATE(id, name, doc) \
  case TwinState::id:             \
    return name;
#include "runtime/store/twin_states.def"
#undef TWIN_STATE
  }
  return "";
}

/// The state a stored name stands for; nullopt for a name twin_states.def does not have.
constexpr std::optional<TwinState> twin_state_from_name(std::string_view name) {
#define TWIN_STATE(id, text, doc) \
  if (name == text) return TwinState::id;
#include "runtime/store/twin_states.def"
#undef TWIN_STATE
  return std::nullopt;
}

/// Every state, in the table's order (for the schema test and the docs).
inline constexpr TwinState kTwinStates[] = {
#define TWIN_STATE(id, name, doc) TwinState::id,
#include "runtime/store/twin_states.def"
#undef TWIN_STATE
};

}  // namespace twinsync::store
