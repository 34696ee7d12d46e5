// doc.h — the rich-text document model that ADF, Jira wiki markup and plain text convert through.
// It mirrors ADF's tree so that ADF -> model -> ADF gives back an equal document: what the
// model does not interpret (attributes, node types, marks) is carried along as raw JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinsync::richtext {

/// Nesting deeper than this is refused by the ADF parser and flattened by the wiki parser, so
/// every recursive walk over a parsed document has a bounded stack.
inline constexpr int kMaxDepth = 100;

enum class NodeKind : uint8_t {
  // blocks
  Doc, Paragraph, Heading, BulletList, OrderedList, ListItem, CodeBlock, Blockquote, Panel, Rule,
  Table, TableRow, TableHeader, TableCell, MediaSingle, Media, Expand, NestedExpand, TaskList,
  TaskItem,
  // inline
  Text, HardBreak, Mention, Emoji, InlineCard, Status, Date,
  // any ADF node type the model does not know; Node::extra holds the whole node
  Raw,
};

enum class MarkKind : uint8_t {
  Link, Strong, Em, Underline, Strike, Code, Subsup, TextColor, BackgroundColor, Annotation,
  Raw,  // any ADF mark type the model does not know; Mark::extra holds the whole mark
};

/// ADF's name of a kind ("bulletList"); "" for Raw.
std::string_view adf_name(NodeKind kind);
std::string_view adf_name(MarkKind kind);
std::optional<NodeKind> node_kind_from_adf(std::string_view type);
std::optional<MarkKind> mark_kind_from_adf(std::string_view type);
bool is_inline(NodeKind kind);
/// Whether ADF gives nodes of this kind a "content" array (leaf kinds such as text never do).
bool holds_content(NodeKind kind);

/// A mark on a text node (or on media and inline nodes, where ADF allows them).
struct Mark {
  MarkKind kind = MarkKind::Strong;
  std::string href;                  // Link
  std::optional<std::string> title;  // Link
  std::string value;                 // TextColor/BackgroundColor: the colour; Subsup: "sub" or "sup"
  /// What ADF said that the fields above do not hold: an object of the mark's other keys, with
  /// the uninterpreted attributes under "attrs" (null when there were none). Raw: the whole mark.
  nlohmann::json extra;

  bool operator==(const Mark&) const = default;
};

/// One node of the tree. Which fields mean something depends on `kind`, as noted beside each.
struct Node {
  NodeKind kind = NodeKind::Paragraph;
  std::vector<Node> content;
  std::vector<Mark> marks;

  std::string text;                     // Text
  int level = 1;                        // Heading: 1..6
  std::optional<int> order;             // OrderedList: the first number
  std::optional<std::string> language;  // CodeBlock
  std::string panel_type;               // Panel: info, note, tip, warning, error, success, custom
  std::optional<std::string> title;     // Expand, NestedExpand; Panel (wiki {panel:title=…} only)
  std::string state;                    // TaskItem: TODO or DONE
  std::string media_type;               // Media: file, link or external
  std::optional<std::string> id;        // Mention: account id (always set); Media: file id; Emoji
  std::optional<std::string> url;       // Media (external), InlineCard
  std::optional<std::string> alt;       // Media: alt text, or the attachment's file name
  std::optional<std::string> label;     // Mention: "@Ann"; Emoji: "😀"; Status: "IN PROGRESS"
  std::string short_name;               // Emoji: ":grinning:"
  std::string color;                    // Status: neutral, purple, blue, red, yellow, green
  std::string timestamp;                // Date: milliseconds since the epoch, as ADF writes it

  // Wiki-only details that ADF has no attribute for; the ADF printer ignores them.
  std::string wiki_options;    // Media: "thumbnail", "width=300" from !file.png|…!
  bool wiki_username = false;  // Mention: written [~name], so `id` is a user name, not an account id

  /// What ADF said that the fields above do not hold: an object of the node's other keys (such
  /// as "version" of the doc), with the uninterpreted attributes under "attrs". Null when the
  /// node came from somewhere else. Raw: the whole node.
  nlohmann::json extra;
  bool keep_empty_content = false;  // ADF had "content": [] (printed back only to stay lossless)
  bool keep_empty_marks = false;    // ADF had "marks": []

  bool operator==(const Node&) const = default;
};

// Builders for the nodes converters make most often.
Node make_doc(std::vector<Node> blocks = {});
Node make_block(NodeKind kind, std::vector<Node> content = {});
Node make_text(std::string text, std::vector<Mark> marks = {});
Node make_heading(int level, std::vector<Node> inlines);
Node make_code_block(std::string code, std::optional<std::string> language = std::nullopt);
Mark make_mark(MarkKind kind);
Mark make_link(std::string href, std::optional<std::string> title = std::nullopt);

/// Merges adjacent text nodes with equal marks, drops empty ones and sorts each text node's
/// marks by MarkKind — the canonical form the wiki parser produces. Not for ADF (it is lossy).
void normalize_inlines(std::vector<Node>& inlines);
void sort_marks(std::vector<Mark>& marks);

/// The characters of every text node in the tree, concatenated, and the "text" strings inside
/// Raw nodes; atoms such as mentions and emoji are left out.
std::string text_content(const Node& node);

}  // namespace twinsync::richtext
