// exalate_import.cpp — the import in one call: parse each script, translate it into its block,
// print the rule file with a header that says where it came from.
#include "compiler/import/exalate_import.h"

#include "compiler/import/groovy_parser.h"
#include "compiler/import/translate.h"

namespace twinsync::exalate {
namespace {

// One script into its block; returns how many statements were kept as comments.
size_t translate_script(const SourceFile& file, Direction dir, DiagnosticSink& sink, SyncOut& out,
                        const ImportOptions& options) {
  const groovy::Block script = groovy::parse_script(file, sink);
  Translator t(file, dir, sink, out, options.custom_types);
  (dir == Direction::Outgoing ? out.outgoing : out.incoming) = t.block(script);
  (dir == Direction::Outgoing ? out.has_outgoing : out.has_incoming) = true;
  return t.untranslated();
}

std::vector<std::string> header(const SourceFile* outgoing, const SourceFile* incoming, size_t untranslated) {
  std::vector<std::string> h = {"Translated from Exalate's sync scripts by `twinsync import exalate`"};
  if (outgoing) h.push_back("  outgoing: " + outgoing->path());
  if (incoming) h.push_back("  incoming: " + incoming->path());
  h.push_back("Read it before use: `twinsync lint` checks it, `twinsync eval` runs it on an issue.");
  if (untranslated > 0) {
    h.push_back(std::to_string(untranslated) + (untranslated == 1 ? " statement was" : " statements were") +
                " not translated: each is kept below as a comment marked `untranslated`.");
  }
  return h;
}

}  // namespace

ImportResult import_exalate(const SourceFile* outgoing, const SourceFile* incoming, const ImportOptions& options) {
  ImportResult r;
  SyncOut out;
  if (outgoing) r.untranslated += translate_script(*outgoing, Direction::Outgoing, r.outgoing, out, options);
  if (incoming) r.untranslated += translate_script(*incoming, Direction::Incoming, r.incoming, out, options);
  out.header = header(outgoing, incoming, r.untranslated);
  r.text = print_sync(out);
  return r;
}

}  // namespace twinsync::exalate
