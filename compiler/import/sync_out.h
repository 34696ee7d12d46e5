// sync_out.h — the translated rule file before it is printed: statements of the rule language
// as text, the value maps gathered from `def` maps, and the custom fields the scripts use.
// sync_writer.cpp prints it; the translator (translate_*.cpp) builds it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace twinsync::exalate {

enum class Direction { Outgoing, Incoming };

/// One statement of a rule block, its expressions already in the rule language.
struct OutStmt {
  enum class Kind { Assign, Let, If, Comment } kind = Kind::Comment;
  std::string lhs;                    // Assign: the target; Let: the name; If: the condition
  std::string rhs;                    // Assign, Let: the value
  std::vector<OutStmt> then_body;     // If
  std::vector<OutStmt> else_body;     // If; an `else if` is an else_body holding one If
  bool has_else = false;
  std::vector<std::string> comment;   // Comment: its lines, without `//`
  std::string trailing;               // a comment after the statement, on its line
  bool blank_before = false;          // the script had an empty line before it
};

/// An entry of a value map: `left` is this side's value, `right` the other side's.
struct MapEntry {
  std::string left, right;  // literals as the rule language writes them
  bool outgoing = false;    // from an outgoing script's map (this side's key -> the other's value)
  bool incoming = false;    // from an incoming script's map (the other side's key -> this side's value)
};

struct ValueMap {
  std::string name;
  std::vector<MapEntry> entries;
};

struct CustomField {
  std::string name;  // as the tracker names it
  std::string type;  // a type of the rule language
  bool guessed = false;
};

/// Everything the two scripts translate to.
struct SyncOut {
  std::vector<std::string> header;  // comment lines at the top
  std::vector<CustomField> customs;
  std::vector<OutStmt> outgoing, incoming;
  bool has_outgoing = false, has_incoming = false;
  std::vector<ValueMap> maps;
};

/// `text` as a string literal of the rule language: quoted, with `"`, `\\`, `{`, `}` and control
/// characters escaped.
std::string sync_string(std::string_view text);

/// The rule file's text.
std::string print_sync(const SyncOut& out);

}  // namespace twinsync::exalate
