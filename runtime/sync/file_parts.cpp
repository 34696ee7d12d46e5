// file_parts.cpp — which new files travel, downloaded once, grouped under the per-event budget.
#include "runtime/sync/file_parts.h"

#include <cstdio>
#include <set>

#include "compiler/schema/shapes.h"
#include "runtime/sync/items.h"

namespace twinsync::sync {
namespace {

std::set<std::string> known_ids(const Value& sent) {
  std::set<std::string> known;
  const Value& before = sent.is_record() ? sent.field(slot(IssueSlot::Attachments)) : Value();
  if (!before.is_list()) return known;
  for (const Value& a : before.as_list()) known.insert(text_of(a.field(slot(AttachmentSlot::Id))));
  return known;
}

// A file of this side that the other side has not had: it needs its bytes.
bool needs_bytes(const Value& a, const std::set<std::string>& known) {
  const Value& id = a.field(slot(AttachmentSlot::Id));
  return id.is_string() && !known.count(std::string(id.as_string())) && a.field(slot(AttachmentSlot::RemoteId)).is_null();
}

std::string over_limit(const Value& a, double size, size_t max_bytes) {
  return "attachment " + text_of(a.field(slot(AttachmentSlot::Filename))) + " is " + mebibytes(size) +
         ", over this connection's limit of " + mebibytes(static_cast<double>(max_bytes)) +
         " per file (maxAttachmentMiB); raise the limit and retry, or resolve to sync the issue without it";
}

}  // namespace

Value without_file_contents(const Value& replica) {
  const Value& list = replica.field(slot(IssueSlot::Attachments));
  if (!list.is_list()) return replica;
  std::vector<Value> items;
  for (Value a : list.as_list()) {
    a.set_field(slot(AttachmentSlot::Content), Value());
    items.push_back(std::move(a));
  }
  Value out = replica;
  out.set_field(slot(IssueSlot::Attachments), Value::list(std::move(items)));
  return out;
}

bool carries_file_contents(const Value& replica) {
  const Value& list = replica.field(slot(IssueSlot::Attachments));
  if (!list.is_list()) return false;
  for (const Value& a : list.as_list()) {
    if (a.is_record() && !a.field(slot(AttachmentSlot::Content)).is_null()) return true;
  }
  return false;
}

std::string mebibytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

Result<FileParts> split_new_files(TrackerPort& tracker, const Value& replica, const Value& sent, size_t max_bytes,
                                  bool skip_oversize) {
  FileParts out;
  const Value& list = replica.field(slot(IssueSlot::Attachments));
  if (!list.is_list()) {
    out.replicas.push_back(replica);
    return out;
  }
  const std::set<std::string> known = known_ids(sent);
  std::vector<Value> items = list.as_list();
  std::vector<size_t> group(items.size(), 0);  // 0: no bytes; k: in the k-th event
  size_t groups = 0, used = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    Value& a = items[i];
    if (!needs_bytes(a, known)) continue;
    const Value& size = a.field(slot(AttachmentSlot::Size));
    if (size.is_number() && size.as_number() > static_cast<double>(max_bytes)) {
      if (skip_oversize) continue;
      out.too_large = over_limit(a, size.as_number(), max_bytes);
      return out;
    }
    auto bytes = tracker.download_attachment(a);
    if (!bytes) return bytes.error();
    if (bytes->size() > max_bytes) {
      if (skip_oversize) continue;
      out.too_large = over_limit(a, static_cast<double>(bytes->size()), max_bytes);
      return out;
    }
    if (groups == 0 || used + bytes->size() > max_bytes) ++groups, used = 0;
    used += bytes->size();
    group[i] = groups;
    a.set_field(slot(AttachmentSlot::Content), Value::string(std::move(*bytes)));
  }
  for (size_t g = groups == 0 ? 0 : 1; g <= groups; ++g) {
    std::vector<Value> part;
    for (size_t i = 0; i < items.size(); ++i) {
      Value a = items[i];
      if (group[i] != g) a.set_field(slot(AttachmentSlot::Content), Value());
      part.push_back(std::move(a));
    }
    Value r = replica;
    r.set_field(slot(IssueSlot::Attachments), Value::list(std::move(part)));
    out.replicas.push_back(std::move(r));
  }
  return out;
}

}  // namespace twinsync::sync
