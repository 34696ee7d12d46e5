// Conversions through wiki markup: every ADF fixture keeps its text and the structure wiki can
// express; every wiki example of the flexmark Jira converter spec prints back stably.
#include <regex>

#include <gtest/gtest.h>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/plain.h"
#include "stdlib/richtext/wiki.h"
#include "tests/stdlib/richtext_fixtures.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

std::string without_space(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

bool is_subsequence(const std::string& small, const std::string& big) {
  size_t j = 0;
  for (char c : big) {
    if (j < small.size() && small[j] == c) ++j;
  }
  return j == small.size();
}

bool is_list(NodeKind k) { return k == NodeKind::BulletList || k == NodeKind::OrderedList || k == NodeKind::TaskList; }

// The block structure wiki can express: headings, lists and their nesting, code, quotes,
// panels, rules, tables by rows and cells, images. Paragraph boundaries, inline content and
// what sits inside table cells are left out; task lists count as bullet lists with their nested
// lists under the item before them, and expands as their content.
std::string skeleton(const Node& n) {
  auto children = [](const std::vector<Node>& nodes) {
    std::string s;
    for (const Node& c : nodes) s += skeleton(c);
    return s;
  };
  switch (n.kind) {
    case NodeKind::Heading: return "h" + std::to_string(n.level) + " ";
    case NodeKind::OrderedList:
    case NodeKind::BulletList:
    case NodeKind::TaskList: {
      std::string s = n.kind == NodeKind::OrderedList ? "ol[" : "ul[";
      std::string item;
      for (const Node& c : n.content) {
        if (is_list(c.kind)) {
          item += skeleton(c);  // a task list's nested list belongs to the item before it
          continue;
        }
        if (!item.empty() || &c != &n.content.front()) s += "li[" + item + "]";
        item = c.kind == NodeKind::TaskItem ? "" : children(c.content);
      }
      return s + "li[" + item + "]]";
    }
    case NodeKind::CodeBlock: return "code ";
    case NodeKind::Blockquote: return "quote[" + children(n.content) + "]";
    case NodeKind::Panel: return "panel[" + children(n.content) + "]";
    case NodeKind::Rule: return "rule ";
    case NodeKind::Table: return "table[" + children(n.content) + "]";
    case NodeKind::TableRow: return "tr[" + children(n.content) + "]";
    case NodeKind::TableHeader: return "th ";
    case NodeKind::TableCell: return "td ";
    case NodeKind::MediaSingle: return "img ";
    case NodeKind::Paragraph:
    case NodeKind::Raw: return "";
    default: return is_inline(n.kind) ? "" : children(n.content);
  }
}

std::vector<std::string> mention_ids(const Node& n) {
  std::vector<std::string> ids;
  if (n.kind == NodeKind::Mention) ids.push_back(n.id.value_or(""));
  for (const Node& c : n.content) {
    for (auto& id : mention_ids(c)) ids.push_back(id);
  }
  return ids;
}

class AdfThroughWiki : public ::testing::TestWithParam<std::string> {};

TEST_P(AdfThroughWiki, KeepsTextAndExpressibleStructure) {
  auto parsed = parse_adf(testkit::load_adf_fixture(GetParam()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  const Node& original = parsed.value();
  const std::string wiki = print_wiki(original);
  const Node back = parse_adf(print_adf(parse_wiki(wiki))).value();
  EXPECT_TRUE(is_subsequence(without_space(text_content(original)), without_space(text_content(back))))
      << "wiki:\n" << wiki;
  EXPECT_EQ(skeleton(back), skeleton(original)) << "wiki:\n" << wiki;
  EXPECT_EQ(mention_ids(back), mention_ids(original));
  // Wiki written from ADF reads back to a model that prints the same wiki.
  EXPECT_EQ(print_wiki(back), wiki);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AdfThroughWiki, ::testing::ValuesIn(testkit::adf_fixture_files()),
                         [](const auto& p) { return testkit::case_name(p.param); });

struct SpecExample {
  std::string name;
  std::string markdown;
  std::string wiki;
};

// The CommonMark-spec format: a fence line opening "example", the markdown, a "." line, the
// expected Jira wiki, a "." line, an AST (ignored), the closing fence.
std::vector<SpecExample> spec_examples() {
  std::vector<SpecExample> out;
  const std::string text = testkit::read_file(testkit::fixtures_dir() / "flexmark-jira-converter/jira_converter_ast_spec.md");
  std::istringstream in(text);
  std::string line;
  int part = -1;
  while (std::getline(in, line)) {
    if (line.rfind("````````````````````````````````", 0) == 0) {
      if (line.find("example") != std::string::npos) {
        out.push_back({std::to_string(out.size() + 1) + "_" + line.substr(line.find("example") + 7), "", ""});
        part = 0;
      } else {
        part = -1;
      }
    } else if (part >= 0 && line == ".") {
      ++part;
    } else if (part == 0) {
      out.back().markdown += line + "\n";
    } else if (part == 1) {
      out.back().wiki += line + "\n";
    }
  }
  return out;
}

// The words a reader sees in wiki source: tags, heading prefixes and link targets left out.
std::string source_words(std::string wiki) {
  wiki = std::regex_replace(wiki, std::regex(R"(\{[a-z]+(:[^}]*)?\})"), " ");
  wiki = std::regex_replace(wiki, std::regex(R"(\|[^\]|]*\])"), "]");
  wiki = std::regex_replace(wiki, std::regex(R"((^|\n)h[1-6]\.)"), "\n");
  std::string words;
  for (char c : wiki) {
    if (std::isalnum(static_cast<unsigned char>(c))) words += c;
  }
  return words;
}

std::string alnum(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

class SpecWiki : public ::testing::TestWithParam<SpecExample> {};

TEST_P(SpecWiki, PrintsBackStablyAndKeepsItsText) {
  const std::string& source = GetParam().wiki;
  const Node first = parse_wiki(source);
  const std::string printed = print_wiki(first);
  const Node second = parse_wiki(printed);
  EXPECT_EQ(print_wiki(second), printed) << "source:\n" << source;
  EXPECT_EQ(second, first) << "source:\n" << source << "\nprinted:\n" << printed;
  EXPECT_TRUE(is_subsequence(source_words(source), alnum(plain_text(first))))
      << source_words(source) << "\nplain:\n" << plain_text(first);
  EXPECT_EQ(plain_text(second), plain_text(first));
}

INSTANTIATE_TEST_SUITE_P(Flexmark, SpecWiki, ::testing::ValuesIn(spec_examples()), [](const auto& p) {
  std::string name;
  for (char c : p.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

TEST(SpecWikiExamples, AreFound) { EXPECT_EQ(spec_examples().size(), 17u); }

}  // namespace
}  // namespace twinsync::richtext
