// The Groovy tokenizer and parser of `twinsync import exalate`: spans, syntax errors with their
// line and column, recovery after an error, and bounded work on hostile input.
#include <gtest/gtest.h>

#include <random>

#include "compiler/diag/render.h"
#include "compiler/import/exalate_import.h"
#include "compiler/import/groovy_lexer.h"
#include "compiler/import/groovy_parser.h"

namespace twinsync::groovy {
namespace {

std::vector<std::string> kinds_and_texts(const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : lex(text)) {
    const char* k = t.kind == Tok::Ident ? "id" : t.kind == Tok::String ? "str" : t.kind == Tok::Number ? "num"
                  : t.kind == Tok::Op ? "op" : t.kind == Tok::Newline ? "nl" : t.kind == Tok::Comment ? "com"
                  : t.kind == Tok::Bad ? "bad" : "end";
    out.push_back(std::string(k) + ":" + t.text);
  }
  return out;
}

TEST(GroovyLexer, TokensOfACustomFieldLine) {
  EXPECT_EQ(kinds_and_texts("replica.customFields.\"Story Points\" ?: 10L // why\n"),
            (std::vector<std::string>{"id:replica", "op:.", "id:customFields", "op:.", "str:Story Points", "op:?:",
                                      "num:10", "com: why", "nl:\n", "end:"}));
}

TEST(GroovyLexer, LineBreaksInsideBracketsAreWhiteSpace) {
  EXPECT_EQ(kinds_and_texts("f(a,\n b)\n[1,\n2]"),
            (std::vector<std::string>{"id:f", "op:(", "id:a", "op:,", "id:b", "op:)", "nl:\n", "op:[", "num:1",
                                      "op:,", "num:2", "op:]", "end:"}));
}

TEST(GroovyLexer, SpansAreByteOffsetsFromTheBase) {
  const auto tokens = lex("a == 'x'", 100);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].span, (Span{102, 104}));
  EXPECT_EQ(tokens[2].span, (Span{105, 108}));
  EXPECT_FALSE(tokens[2].interpolates);
}

TEST(GroovyLexer, UnterminatedStringIsABadToken) {
  const auto tokens = lex("x = \"abc\ny");
  EXPECT_EQ(tokens[2].kind, Tok::Bad);
  EXPECT_EQ(tokens[2].text, "unterminated string");
  EXPECT_EQ(tokens[3].kind, Tok::Newline);
}

std::string errors_of(const std::string& text, Block* out = nullptr) {
  const SourceFile file("t.groovy", text);
  DiagnosticSink sink;
  Block b = parse_script(file, sink);
  if (out) *out = std::move(b);
  return render_text(file, sink.sorted());
}

TEST(GroovyParser, AssignmentsCallsAndIfElse) {
  Block b;
  EXPECT_EQ(errors_of("issue.summary = replica.summary\nif (firstSync && x) { a = 1 } else if (y) b() else { c = [k: 'v'] }\n", &b), "");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0]->kind, StmtKind::Assign);
  EXPECT_EQ(b[1]->kind, StmtKind::If);
  ASSERT_EQ(b[1]->else_body.size(), 1u);
  EXPECT_EQ(b[1]->else_body[0]->kind, StmtKind::If);
  EXPECT_EQ(b[1]->else_body[0]->then_body[0]->kind, StmtKind::Expr);
  EXPECT_EQ(b[1]->else_body[0]->else_body[0]->value->kind, ExprKind::Map);
}

TEST(GroovyParser, InterpolationsAreParsedAtTheirPlace) {
  Block b;
  EXPECT_EQ(errors_of("x = \"[${replica.key}] $replica.summary\"", &b), "");
  const Expr& s = *b[0]->value;
  ASSERT_EQ(s.parts.size(), 4u);
  EXPECT_EQ(s.parts[1].code->kind, ExprKind::Member);
  EXPECT_EQ(s.parts[1].code->span, (Span{8, 19}));
  EXPECT_EQ(s.parts[3].code->text, "summary");
  EXPECT_NE(errors_of("x = \"${replica.}\""), "");
}

TEST(GroovyParser, ASyntaxErrorNamesLineAndColumnAndTheRestStillParses) {
  Block b;
  const std::string out = errors_of("a = 1\nissue.summary = replica.summary * / 2\nb = 2\n", &b);
  EXPECT_EQ(out,
            "t.groovy:2:35: error: expected a value, found `/` [TS060]\n"
            " 2 | issue.summary = replica.summary * / 2\n"
            "   |                                   ^\n");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[1]->kind, StmtKind::Unparsed);
  EXPECT_EQ(b[1]->span, (Span{6, 43}));
  EXPECT_EQ(b[2]->kind, StmtKind::Assign);
}

TEST(GroovyParser, ColumnsCountCharactersNotBytes) {
  EXPECT_NE(errors_of("x = \"é\" +\n").find("t.groovy:2:1: error: expected a value, found the end of the file"), std::string::npos);
  EXPECT_NE(errors_of("def ü = \"é\" )").find("t.groovy:1:13: error: expected the end of the statement, found `)`"),
            std::string::npos);
}

TEST(GroovyParser, AMissingBraceSkipsTheStatementNotTheFile) {
  Block b;
  EXPECT_NE(errors_of("if (x) {\n  a = 1\n", &b).find("missing `}` before the end of the file [TS060]"), std::string::npos);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0]->kind, StmtKind::Unparsed);
}

TEST(GroovyParser, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "x = " + std::string(20000, '(') + "1" + std::string(20000, ')') + "\ny = 2\n";
  Block b;
  EXPECT_NE(errors_of(deep, &b).find("nesting deeper than 64 levels [TS060]"), std::string::npos);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1]->kind, StmtKind::Assign);
  std::string ifs;
  for (int i = 0; i < 5000; ++i) ifs += "if (a) {\n";
  EXPECT_NE(errors_of(ifs).find("[TS060]"), std::string::npos);
  EXPECT_NE(errors_of("x = " + std::string(50000, '!') + "a").find("nesting deeper"), std::string::npos);
  EXPECT_NE(errors_of("x = \"${" + std::string(1000, '[') + "}\"").find("nesting deeper"), std::string::npos);
}

TEST(GroovyParser, AVeryLongExpressionIsRefused) {
  std::string sum = "x = 1";
  for (int i = 0; i < 20000; ++i) sum += " + 1";
  EXPECT_NE(errors_of(sum).find("a statement longer than 1000 operators and values [TS060]"), std::string::npos);
}

// Random Groovy-like text: the import must finish and give a rule file, whatever it is fed.
TEST(GroovyParser, RandomInputNeverCrashesOrHangs) {
  const std::vector<std::string> pieces = {"issue", "replica", ".", "?.", "(", ")", "{", "}", "[", "]", "=", "==",
                                           "\"", "'", "${", "$", "if", "else", "def", ":", ",", "\n", " ", "//",
                                           "/*", "*/", "?:", "!", "&&", "1", "\\", "customFields", "\"X\"", "new",
                                           "é", "\xff", "for", ";", "-", "*.", "as", "in"};
  std::mt19937 rng(1234);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const SourceFile file("r.groovy", text);
    const exalate::ImportResult r = exalate::import_exalate(&file, &file, {});
    EXPECT_FALSE(r.text.empty());
    (void)render_text(file, r.outgoing.sorted());
  }
}

}  // namespace
}  // namespace twinsync::groovy
