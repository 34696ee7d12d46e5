// ast.h — the rule language's syntax tree: the project's own types, built from the ANTLR tree by
// compiler/parse and annotated by compiler/check (types and what each name refers to).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/jql/jql_ast.h"
#include "compiler/schema/types.h"
#include "compiler/source/source_file.h"
#include "compiler/vm/value.h"

namespace twinsync::ast {

enum class ExprKind {
  Literal,      // literal
  Interp,       // "text {expr} text": args are the parts (text literals and expressions)
  Name,         // name: issue, replica, previous, firstSync, it (a `where` item), a local, a value map
  ItemField,    // .name inside `where`
  Member,       // args[0].name
  SafeMember,   // args[0]?.name
  Index,        // args[0][args[1]]
  Call,         // name(args…)
  List,         // [args…]
  Neg, Not,     // args[0]
  Binary,       // args[0] op args[1]
  In,           // args[0] in args[1] (negated: not in)
  Coalesce,     // args[0] ?? args[1]
  Where,        // args[0] where args[1]
};

enum class BinaryOp { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
const char* binary_op_text(BinaryOp op);

/// What a name or member refers to, filled in by the checker.
enum class RefKind { None, Root, Local, Map, FirstSync, Field, Custom, NamedField, Builtin, Item };
enum class Root : uint8_t { Issue = 0, Replica = 1, Previous = 2, Output = 3 };

struct Ref {
  RefKind kind = RefKind::None;
  uint32_t index = 0;  // Root: Root value; Local: slot; Map: map index; Field: slot; Builtin: id
};

struct Expr {
  ExprKind kind;
  Span span;
  Value literal;               // Literal
  std::string name;            // Name, ItemField, Member, SafeMember, Call
  Span name_span;
  BinaryOp op = BinaryOp::Add; // Binary
  bool negated = false;        // In: `not in`
  std::vector<std::unique_ptr<Expr>> args;

  // Filled in by the checker.
  const Type* type = nullptr;
  Ref ref;
};
using ExprPtr = std::unique_ptr<Expr>;

enum class OrElse { None, Keep, Skip, Error };
enum class StmtKind { Assign, Let, If, Skip, Error };

struct Stmt {
  StmtKind kind;
  Span span;
  ExprPtr target;               // Assign: a Member or Index chain rooted at issue/replica
  ExprPtr value;                // Assign, Let; If: the condition; Error: the message
  OrElse or_else = OrElse::None;
  ExprPtr or_else_message;      // OrElse::Error
  std::string name;             // Let
  Span name_span;
  std::vector<std::unique_ptr<Stmt>> then_body, else_body;  // If (else-if nests an If)
  uint32_t local = 0;           // Let: its slot, set by the checker
  bool lowered = false;         // made by lowering (Visual/Basic mode), not written by hand
};
using StmtPtr = std::unique_ptr<Stmt>;

/// `name value { children }` in connection and node blocks.
struct Setting {
  std::string name;
  Span span;
  ExprPtr value;
  std::vector<Setting> children;
};

struct ConnectionDecl {
  std::string name;
  Span span;
  std::vector<Setting> settings;
};

struct UseDecl {
  std::string preset;
  Span span;
};

struct CustomDecl {
  std::string field;
  std::string type_name;
  std::string type_arg;  // list<…>
  Span span, type_span;
  const Type* type = nullptr;
};

enum class Direction { Both, Out, In };  // <->, ->, <-

struct MapEntry {
  Value left, right;  // left: this side's value; right: the other side's
  Direction dir;
  Span span, left_span, right_span;
};

struct MapDecl {
  std::string name;
  Span span, name_span;
  std::vector<MapEntry> entries;
};

struct MappingField {
  std::string name;   // a standard field, or the custom field's name when custom
  bool custom = false;
  Span span;
};

enum class MissingPolicy { None, Keep, Default, Error };

/// What a mapping does when its value map has no match (`on missing [outgoing|incoming] …`).
struct Missing {
  MissingPolicy policy = MissingPolicy::None;
  Value default_value;
  std::string error_message;
  Span span;
};

struct MappingEntry {
  MappingField local, remote;  // left and right of the arrow
  Direction dir;
  std::string map;             // `using NAME`, empty when none
  Span map_span;
  Missing out, in;             // per direction: a policy without a direction sets both
  Span span;
};

struct MappingDecl {
  Span span;
  std::vector<MappingEntry> entries;
};

enum class BlockKind { Outgoing, Incoming };

struct RuleBlock {
  BlockKind kind;
  Span span;
  std::vector<StmtPtr> body;
  uint32_t locals = 0;  // slots needed, set by the checker
  bool incomplete = false;  // a statement had a syntax error and was left out
};

struct TriggerDecl {
  std::string name;
  std::string entity;  // "issue"
  Span span, name_span, entity_span;
  std::string jql;     // the filter's text, as written
  Span jql_span;
  std::optional<jql::Query> query;  // parsed filter (absent after a syntax error)
  std::string note;
  bool inactive = false;
};

struct NodeDecl {
  std::string name;
  Span span;
  std::vector<Setting> settings;
};

struct File {
  std::vector<ConnectionDecl> connections;
  std::vector<UseDecl> uses;
  std::vector<CustomDecl> customs;
  std::vector<MapDecl> maps;
  std::vector<MappingDecl> mappings;
  std::vector<RuleBlock> blocks;
  std::vector<TriggerDecl> triggers;
  std::vector<NodeDecl> nodes;

  RuleBlock* block(BlockKind kind);
};

/// A setting written as a template ("{author} commented:\n{body}"), in the template's own
/// form: text parts as they are, names in braces; nullopt when a part is any other expression.
std::optional<std::string> template_text(const Expr& e);

}  // namespace twinsync::ast
