// token_names.h — how tokens of the two grammars are named in messages.
#pragma once

#include <antlr4-runtime.h>

#include <string>

namespace twinsync::parse {

/// "`outgoing`" for keywords and punctuation, "a name", "a string", "a number" for the rest.
std::string sync_token_name(const antlr4::dfa::Vocabulary& vocab, size_t type, const std::string& text);
std::string jql_token_name(const antlr4::dfa::Vocabulary& vocab, size_t type, const std::string& text);

}  // namespace twinsync::parse
