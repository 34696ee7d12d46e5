// jql_engine.cpp — compiling, caching and running the tracker's JQL. The record of an issue is
// what the connector would make of the tracker's own REST v2 JSON for it, so a filter means the
// same here as in a trigger of a rule file run against this tracker.
#include "runtime/tracker/jql_engine.h"

#include <algorithm>
#include <set>

#include "compiler/driver/compile.h"
#include "compiler/parse/parse.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/jira/value_read.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/fields.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/jql_messages.h"
#include "runtime/tracker/search_keys.h"
#include "runtime/tracker/search_lookups.h"
#include "runtime/tracker/state.h"
#include "stdlib/natives.h"

namespace twinsync::tracker {

namespace {

// Enough for every poller, webhook filter and marker query of a busy tracker; a flood of
// distinct queries only costs recompiling.
constexpr std::size_t kMaxQueries = 512;
constexpr std::size_t kMaxCachedQueryBytes = 8 * 1024;

}  // namespace

JqlEngine::JqlEngine() : vm_(stdlib::natives()) {}

void JqlEngine::prepare(TrackerState& s) {
  if (prepared_) return;
  Json list = Json::array();
  for (const FieldInfo& f : s.fields) list.push_back(field_json(f));
  auto catalog = jira::FieldCatalog::from_fields_response(list);
  fields_ = catalog ? std::move(*catalog) : jira::FieldCatalog();
  schema_ = jira::schema_from_catalog(fields_);
  prepared_ = true;
}

void JqlEngine::clear() {
  queries_.clear();
  records_.clear();
  prepared_ = false;
}

std::shared_ptr<const CompiledQuery> JqlEngine::compile(TrackerState& s, std::string_view jql) {
  prepare(s);
  if (auto it = queries_.find(jql); it != queries_.end()) return it->second;
  auto q = std::make_shared<CompiledQuery>();
  q->jql = std::string(jql);
  const SourceFile file("jql", q->jql);
  DiagnosticSink sink;
  // Parsed once here for ORDER BY; compile_filter parses again for the predicate. Both happen
  // once per distinct query.
  if (auto parsed = parse::parse_jql(file, {0, static_cast<std::uint32_t>(q->jql.size())}, sink)) {
    q->order = resolve_order(*parsed, schema_, s.catalog, sink);
    q->keys = keys_named(*parsed);
    if (!sink.has_errors()) q->program = compile_filter(file, schema_, sink);
  }
  q->errors = jira_jql_messages(file, sink);
  if (q->errors.empty() && (!q->program || q->program->triggers.empty())) {
    q->errors.push_back("Error in the JQL Query: the query could not be compiled.");
  }
  if (!q->errors.empty()) q->program.reset();
  if (q->jql.size() <= kMaxCachedQueryBytes) {
    if (queries_.size() >= kMaxQueries) queries_.clear();
    queries_.emplace(q->jql, q);
  }
  return q;
}

Value JqlEngine::decode(const Json& issue_json) {
  jira::DecodeOptions options;
  options.hidden_label_prefix.clear();  // the connector searches for its marker labels
  auto decoded = jira::decode_issue(issue_json, fields_, options);
  return decoded ? decoded->issue : Value();
}

const Value& JqlEngine::record_of(TrackerState& s, const Issue& issue) {
  // Every write of an issue, its comments, attachments or links moves `updated` forward by at
  // least 1 ms (see write_update), and searches never run inside a write, so (id, updated)
  // names one committed version of the record.
  auto it = records_.find(issue.id);
  if (it != records_.end() && it->second.updated == issue.updated) return it->second.record;
  FieldSelection all;
  all.all = true;
  Value record = decode(render_issue(s, Renderer(s.catalog, s.base_url, 2), issue, all, {}));
  CachedRecord& slot = records_[issue.id];
  slot = CachedRecord{issue.updated, std::move(record)};
  return slot.record;
}

bool JqlEngine::run(const CompiledQuery& q, const Value& record, HostContext& host) {
  if (!q.program || q.program->triggers.empty() || record.is_null()) return false;
  RunFrame frame;
  frame.issue = record;
  const RunOutcome out = vm_.run(*q.program, q.program->triggers[0].predicate, frame, host);
  return out.kind == RunOutcome::Done && out.value.is_bool() && out.value.as_bool();
}

std::vector<Id> JqlEngine::search(TrackerState& s, const CompiledQuery& q, const User* caller) {
  prepare(s);
  SearchHost host(s, caller, user_record(s, caller));
  const std::vector<IssueVersion> versions = candidates(s, q);
  struct Hit {
    Id id;
    const Value* record;  // into records_, whose nodes stay put until the pruning below
  };
  std::vector<Hit> hits;
  for (const IssueVersion& v : versions) {
    auto it = records_.find(v.id);
    const Value* record = nullptr;
    if (it != records_.end() && it->second.updated == v.updated) {
      record = &it->second.record;
    } else if (auto issue = must(s.store->issue_by_id(v.id))) {
      record = &record_of(s, *issue);
    }
    if (record && run(q, *record, host)) hits.push_back({v.id, record});
  }
  if (host.refusal()) fail(400, *host.refusal());
  std::stable_sort(hits.begin(), hits.end(),
                   [&q](const Hit& a, const Hit& b) { return record_before(q.order, *a.record, *b.record); });
  std::vector<Id> out;
  out.reserve(hits.size());
  for (const Hit& h : hits) out.push_back(h.id);
  if (!q.keys && records_.size() > versions.size()) forget_deleted(versions);
  return out;
}

std::vector<IssueVersion> JqlEngine::candidates(TrackerState& s, const CompiledQuery& q) {
  if (!q.keys) return must(s.store->issue_versions());
  // A group read (`key in (…)`) costs its own issues, not the store's size.
  std::vector<IssueVersion> out;
  std::set<Id> seen;
  for (const std::string& key : *q.keys) {
    auto issue = must(s.store->issue_by_key(key));
    if (issue && seen.insert(issue->id).second) out.push_back({issue->id, issue->updated});
  }
  return out;
}

void JqlEngine::forget_deleted(const std::vector<IssueVersion>& live) {
  std::map<Id, CachedRecord> kept;
  for (const IssueVersion& v : live) {
    auto it = records_.find(v.id);
    if (it != records_.end()) kept.emplace(v.id, std::move(it->second));
  }
  records_ = std::move(kept);
}

bool JqlEngine::matches_json(TrackerState& s, const CompiledQuery& q, const Json& issue_json, const User* caller) {
  prepare(s);
  SearchHost host(s, caller, user_record(s, caller));
  return run(q, decode(issue_json), host);
}

}  // namespace twinsync::tracker
