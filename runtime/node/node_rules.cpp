// node_rules.cpp — a connection's rules: read from its rule file at start, published as text
// through the admin API, kept as versions in the store so that a restart runs what was published.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/schema/shapes.h"
#include "compiler/support/encoding.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/node/file_read.h"
#include "runtime/node/node.h"
#include "runtime/sync/issue_key.h"
#include "runtime/transport/crypto.h"

namespace twinsync::node {
namespace {

constexpr size_t kMaxRulesBytes = 1024 * 1024;

Result<std::string> read_small_file(const std::string& path, bool follow_symlink = true) {
  FileReadRules rules;
  rules.max_bytes = kMaxRulesBytes;
  rules.follow_symlink = follow_symlink;
  return read_checked_file(path, "rules", rules);
}

std::string text_hash(const std::string& text) { return hex_encode(transport::sha256(text)); }

// Compiled against the tracker's fields; errors rendered the way `twinsync lint` prints them.
Result<std::shared_ptr<const Program>> compile_rules(const std::string& name, const std::string& text,
                                                     const Schema& schema) {
  const SourceFile file(name, text);
  DiagnosticSink sink;
  auto program = compile_source(file, schema, sink);
  if (!program) return make_error(render_text(file, sink.sorted()), ErrorKind::Rules);
  return std::make_shared<const Program>(std::move(*program));
}

}  // namespace

std::string Node::rules_path(const Connection& c) const {
  const std::string& p = c.config.rules;
  if (p.empty() || std::filesystem::path(p).is_absolute() || config_.base_dir.empty()) return p;
  return (std::filesystem::path(config_.base_dir) / p).string();
}

Status Node::load_rules(Connection& c, const Schema& schema) {
  const std::string path = rules_path(c);
  auto text = read_small_file(path);
  if (!text) return make_error("connection " + c.config.name + ": " + text.error().message, ErrorKind::Config);
  const std::string file_hash = text_hash(*text);
  std::optional<store::RuleVersion> running;
  {
    auto tx = store_->begin();
    if (!tx) return tx.error();
    auto row = store_->ensure_connection(*tx, c.config.name);
    auto seen = store_->rules_file_hash(*tx, c.engine->id());
    if (!row || !seen) return make_error("connection " + c.config.name + ": the store could not be read", ErrorKind::Store);
    if (*seen == file_hash && !row->rules_version.empty()) {
      auto v = store_->rule_version(*tx, c.engine->id(), row->rules_version);
      if (v && *v && (*v)->author != "file" && !(*v)->source_text.empty()) running = std::move(**v);
    }
    (void)tx->commit();
  }
  if (running) {
    auto program = compile_rules(running->source_path, running->source_text, schema);
    if (program) {
      c.engine->use_rules(std::move(*program));
      log(LogEventId::RulesPublished, "connection " + c.config.name + ": running the rules published by " + running->author,
          c.config.name);
      return ok_status();
    }
    log(LogEventId::RulesFallback,
        "connection " + c.config.name + ": the published rules no longer compile against the tracker; using " + path,
        c.config.name);
  }
  auto program = compile_rules(path, *text, schema);
  if (!program) return make_error("connection " + c.config.name + ": " + program.error().message, ErrorKind::Rules);
  if (auto ok = c.engine->set_rules(*program, serialize_program(**program), "file"); !ok) return ok;
  auto tx = store_->begin();
  if (!tx) return tx.error();
  if (auto ok = store_->set_rules_file_hash(*tx, c.engine->id(), file_hash); !ok) return ok;
  return tx->commit();
}

Status Node::publish_rules(const std::string& connection, const std::string& text, const std::string& name,
                           const std::string& author) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  if (text.size() > kMaxRulesBytes) return make_error("rules larger than 1 MiB are refused", ErrorKind::BadRequest);
  auto program = compile_rules(name, text, jira::schema_from_catalog(port_->client().catalog()));
  if (!program) return program.error();
  if (auto ok = c->engine->set_rules(*program, serialize_program(**program), author); !ok) return ok;
  log(LogEventId::RulesPublished,
      "connection " + connection + ": rules " + (*program)->version_hash().substr(0, 12) + " published by " + author, connection);
  return ok_status();
}

// Inside the folder of the connection's rule file, after symlinks and "..", and a .sync file:
// so the API can never be made to read (and echo in diagnostics) any other file.
Result<std::string> Node::rules_file_text(const Connection& c, const std::string& path) const {
  const std::filesystem::path configured(rules_path(c));
  std::error_code ec;
  const auto folder = std::filesystem::weakly_canonical(configured.parent_path().empty() ? "." : configured.parent_path(), ec);
  if (ec) return make_error("the connection's rules folder cannot be read", ErrorKind::Config);
  const std::filesystem::path wanted = std::filesystem::path(path).is_absolute() ? std::filesystem::path(path) : folder / path;
  const auto real = std::filesystem::weakly_canonical(wanted, ec);
  const auto [f, r] = std::mismatch(folder.begin(), folder.end(), real.begin(), real.end());
  if (ec || f != folder.end() || real.extension() != ".sync" || !std::filesystem::is_regular_file(real, ec)) {
    return make_error("rules are published as text, or as a .sync file in the connection's rules folder " +
                          folder.string(),
                      ErrorKind::BadRequest);
  }
  // Opened without following a link: the path checked above is the file read.
  return read_small_file(real.string(), false);
}

Status Node::reload_rules(const std::string& connection, const std::string& path) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  auto text = rules_file_text(*c, path);
  if (!text) return text.error();
  return publish_rules(connection, *text, path, "admin API");
}

}  // namespace twinsync::node

namespace twinsync::node {

Result<std::vector<RulesVersionInfo>> Node::rule_versions(const std::string& connection) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  auto tx = store_->begin();
  if (!tx) return tx.error();
  auto versions = store_->rule_versions(*tx, c->engine->id());
  if (!versions) return versions.error();
  (void)tx->commit();
  const std::string running = c->engine->rules_version();
  std::vector<RulesVersionInfo> out;
  for (auto& v : *versions) {
    const bool is_running = v.hash == running;
    out.push_back({std::move(v), is_running});
  }
  return out;
}

Result<store::RuleVersion> Node::rule_version(const std::string& connection, const std::string& version) {
  if (version.size() < 6 || version.size() > 64 ||
      version.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return make_error("a rules version is 6 to 64 hex digits of its hash (see twinsync rules)", ErrorKind::BadRequest);
  }
  auto versions = rule_versions(connection);
  if (!versions) return versions.error();
  std::optional<store::RuleVersion> found;
  for (auto& v : *versions) {
    if (v.version.hash.rfind(version, 0) != 0) continue;
    if (found) return make_error("rules version " + version + " is ambiguous: give more of its hash", ErrorKind::BadRequest);
    found = std::move(v.version);
  }
  if (!found) return make_error("connection " + connection + " has no rules version " + version, ErrorKind::NotFound);
  return std::move(*found);
}

Status Node::rollback_rules(const std::string& connection, const std::string& version, const std::string& author) {
  auto v = rule_version(connection, version);
  if (!v) return v.error();
  if (v->source_text.empty()) {
    return make_error("rules version " + version + " was recorded without its text and cannot run again", ErrorKind::Conflict);
  }
  return publish_rules(connection, v->source_text, v->source_path, author);
}

Result<std::vector<RuleDiagnostic>> Node::lint_rules(const std::string& connection, const std::string& text,
                                                     const std::string& name) {
  if (!find(connection)) return make_error("no connection named " + connection, ErrorKind::NotFound);
  if (text.size() > kMaxRulesBytes) return make_error("rules larger than 1 MiB are refused", ErrorKind::BadRequest);
  const SourceFile file(name, text);
  DiagnosticSink sink;
  // The whole pipeline, as publish runs it: the same diagnostics, the program thrown away.
  (void)compile_source(file, jira::schema_from_catalog(port_->client().catalog()), sink);
  std::vector<RuleDiagnostic> out;
  for (const Diagnostic& d : sink.sorted()) {
    const LineCol start = file.line_col(d.span.begin), end = file.line_col(d.span.end);
    out.push_back({static_cast<int>(start.line), static_cast<int>(start.column), static_cast<int>(end.line),
                   static_cast<int>(end.column), std::string(severity_name(d.severity)), std::string(d.code()),
                   d.message, d.help.value_or("")});
  }
  return out;
}

Result<std::vector<DryRunIssue>> Node::dry_run(const std::string& connection, const std::string& text,
                                               const std::string& name, const std::vector<std::string>& keys) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  if (text.size() > kMaxRulesBytes) return make_error("rules larger than 1 MiB are refused", ErrorKind::BadRequest);
  if (keys.empty() || keys.size() > 50) return make_error("a dry run takes 1 to 50 issue keys", ErrorKind::BadRequest);
  auto draft = compile_rules(name, text, jira::schema_from_catalog(port_->client().catalog()));
  if (!draft) return draft.error();
  std::vector<DryRunIssue> out;
  for (const std::string& key : keys) {
    DryRunIssue d;
    d.key = key;
    if (!sync::valid_issue_key(key)) {  // it goes into a tracker URL with the node's credentials
      d.error = "not an issue key";
      out.push_back(std::move(d));
      continue;
    }
    auto issue = port_->get_issue(key);
    auto preview = issue ? c->engine->preview(**draft, *issue) : Result<sync::ConnectionEngine::Preview>(issue.error());
    if (!preview) {
      d.error = preview.error().message;
      out.push_back(std::move(d));
      continue;
    }
    d.under_sync = preview->under_sync;
    d.triggers = preview->draft_triggers;
    d.error = preview->draft_error;
    for (uint32_t i = 0; i < issue_shape().size(); ++i) {
      auto at = [i](const Value& r) { return r.is_record() ? r.field(i) : Value(); };
      const Value sent = at(preview->sent), running = at(preview->running), drafted = at(preview->draft);
      if (drafted == sent && drafted == running) continue;
      d.fields.push_back({std::string(issue_shape().fields[i].name), sent, running, drafted});
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace twinsync::node
