// groovy_ast.h — the parsed form of an Exalate script: the expressions and statements of the
// Groovy subset, each with its span, and "unparsed" and "unsupported" statements that keep
// their place so the translator can leave them in the output as comments.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"

namespace twinsync::groovy {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A piece of a string: literal text, or (in a "${…}" string) code.
struct StringPart {
  std::string text;  // escapes already undone
  ExprPtr code;      // set for an interpolation
};

enum class ExprKind {
  Name,     // text: the name
  String,   // parts
  Number,   // text: the digits
  Bool,     // text: true or false
  Null,
  List,     // items
  Map,      // keys[i] -> items[i]; a bare name as a key is its text (Groovy's rule)
  Member,   // object.text, object?.text (safe), object*.text (spread); text may come from a string
  Index,    // object[items[0]]
  Call,     // object(items…) where object is a Name or a Member; closure set if one follows
  Unary,    // text: ! or -; items[0]
  Binary,   // text: the operator; items[0] op items[1]
  Elvis,    // items[0] ?: items[1]
  Ternary,  // items[0] ? items[1] : items[2]
  Closure,  // { … }: kept as a span only
  New,      // new Type(…): kept as a span only
  Cast,     // items[0] as text
};

struct Expr {
  ExprKind kind = ExprKind::Null;
  Span span;
  std::string text;
  bool safe = false;    // ?.
  bool spread = false;  // *.
  ExprPtr object;
  std::vector<ExprPtr> items;
  std::vector<ExprPtr> keys;
  std::vector<StringPart> parts;
  ExprPtr closure;
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

enum class StmtKind {
  Expr,         // value: a call on its own
  Assign,       // target op value; op is = += -= …
  Def,          // def name = value (or `String name = value`)
  If,           // if (value) then_body else else_body (an else-if is an else_body of one If)
  Comment,      // text
  Unsupported,  // a statement the subset does not model (for, while, return, try …); text: its keyword
  Unparsed,     // a syntax error: reported by the parser; the span is the text skipped
};

struct Stmt {
  StmtKind kind = StmtKind::Unparsed;
  Span span;
  std::string text;  // Assign: op; Def: name; Comment: the comment; Unsupported: keyword
  ExprPtr target;
  ExprPtr value;
  Block then_body, else_body;
  bool has_else = false;
  bool block_comment = false;         // a /* … */ comment
  std::string trailing;               // a comment after the statement on its line
};

}  // namespace twinsync::groovy
