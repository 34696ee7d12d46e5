// palette.h — the colour and panel-type vocabularies that differ between ADF and wiki markup.
#pragma once

#include <string>
#include <string_view>

namespace twinsync::richtext {

/// "#ff0000" for "red"; hex colours and unknown names come back unchanged.
std::string color_to_hex(std::string_view color);

/// The wiki {panel:bgColor=…} Jira shows for an ADF panel type, and back. Unknown colours are
/// "info", the type of a plain {panel}.
std::string_view panel_color(std::string_view panel_type);
std::string_view panel_type_for_color(std::string_view bg_color);

}  // namespace twinsync::richtext
