// richtext_functions.cpp — plain, toAdf and fromAdf: rich text conversions rules can call.
#include "stdlib/functions/registry.h"
#include "stdlib/richtext/richtext.h"

namespace twinsync::stdlib {
namespace {

bool plain(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  return ok(c, Value::string(richtext::wiki_to_plain(c.args[0].as_string())));
}

bool to_adf(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  return ok(c, Value::string(richtext::wiki_to_adf(c.args[0].as_string()).dump()));
}

bool from_adf(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  const auto json = nlohmann::json::parse(c.args[0].as_string(), nullptr, false);
  if (json.is_discarded()) return fail(c, "fromAdf needs ADF JSON text");
  auto wiki = richtext::adf_to_wiki(json);
  if (!wiki.ok()) return fail(c, "fromAdf: " + wiki.error().message());
  return ok(c, Value::string(wiki.value()));
}

}  // namespace

void add_richtext_functions(Table& t) {
  put(t, BuiltinId::Plain, plain);
  put(t, BuiltinId::WikiToAdf, to_adf);
  put(t, BuiltinId::AdfToWiki, from_adf);
}

}  // namespace twinsync::stdlib
