// palette.cpp — colour names to hex, and ADF panel types to the wiki panel colours Jira uses.
#include "stdlib/richtext/palette.h"

#include <array>
#include <utility>

#include "stdlib/text/text.h"

namespace twinsync::richtext {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kNamedColors{{
    {"black", "#000000"},  {"white", "#ffffff"},  {"red", "#ff0000"},     {"green", "#008000"},
    {"blue", "#0000ff"},   {"yellow", "#ffff00"}, {"orange", "#ffa500"},  {"purple", "#800080"},
    {"gray", "#808080"},   {"grey", "#808080"},   {"silver", "#c0c0c0"},  {"maroon", "#800000"},
    {"olive", "#808000"},  {"lime", "#00ff00"},   {"aqua", "#00ffff"},    {"teal", "#008080"},
    {"navy", "#000080"},   {"fuchsia", "#ff00ff"}, {"pink", "#ffc0cb"},   {"brown", "#a52a2a"},
}};

// Atlassian's light panel backgrounds; "tip" shares success's green, so it comes back as success.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kPanelColors{{
    {"info", "#deebff"},
    {"note", "#eae6ff"},
    {"success", "#e3fcef"},
    {"tip", "#e3fcef"},
    {"warning", "#fffae6"},
    {"error", "#ffebe6"},
}};

}  // namespace

std::string color_to_hex(std::string_view color) {
  if (!color.empty() && color[0] == '#') return std::string(color);
  const std::string lower = text::lower(color);
  for (const auto& [name, hex] : kNamedColors) {
    if (name == lower) return std::string(hex);
  }
  return std::string(color);
}

std::string_view panel_color(std::string_view panel_type) {
  for (const auto& [type, color] : kPanelColors) {
    if (type == panel_type) return color;
  }
  return kPanelColors[0].second;
}

std::string_view panel_type_for_color(std::string_view bg_color) {
  const std::string hex = text::lower(color_to_hex(bg_color));
  for (const auto& [type, color] : kPanelColors) {
    if (color == hex) return type;
  }
  return "info";
}

}  // namespace twinsync::richtext
