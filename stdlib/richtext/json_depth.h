// json_depth.h — finds JSON nested too deep without recursing, before anything recurses into it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace twinsync::richtext {

/// The JSON pointer of the first array or object nested more than `max_depth` levels below
/// `root`, if any. Uses an explicit stack, so any depth is safe.
std::optional<std::string> first_too_deep(const nlohmann::json& root, size_t max_depth);

}  // namespace twinsync::richtext
