// merge.cpp — see merge.h.
#include "stdlib/merge/merge.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "compiler/schema/shapes.h"

namespace twinsync::stdlib {
namespace {

const Value kNull;

// The id and remoteId slots of an item's shape. The items of a list share one shape, so the
// names are looked up once per shape, not once per item (by name, a lookup is most of a merge).
class IdSlots {
 public:
  const Value& id(const Value& record) { return at(record, of(record).id_); }
  const Value& remote_id(const Value& record) { return at(record, of(record).remote_); }
  bool has_both(const Value& record) { return of(record).id_ && remote_; }
  std::optional<uint32_t> id_slot(const Value& record) { return of(record).id_; }
  std::optional<uint32_t> remote_id_slot(const Value& record) { return of(record).remote_; }
  bool is_identity(const Value& record, uint32_t slot) {
    of(record);
    return (id_ && *id_ == slot) || (remote_ && *remote_ == slot);
  }

 private:
  IdSlots& of(const Value& record) {
    if (&record.shape() != shape_) {
      shape_ = &record.shape();
      if (shape_ == &comment_shape()) {  // the usual shapes: no lookup by name
        id_ = slot(CommentSlot::Id), remote_ = slot(CommentSlot::RemoteId);
      } else if (shape_ == &attachment_shape()) {
        id_ = slot(AttachmentSlot::Id), remote_ = slot(AttachmentSlot::RemoteId);
      } else {
        id_ = shape_->find("id");
        remote_ = shape_->find("remoteId");
      }
    }
    return *this;
  }
  static const Value& at(const Value& record, const std::optional<uint32_t>& slot) {
    return slot ? record.field(*slot) : kNull;
  }
  const Shape* shape_ = nullptr;
  std::optional<uint32_t> id_, remote_;
};

// Copies the remote item's content into the local one, keeping the local identity.
Value updated(const Value& local, const Value& remote, IdSlots& slots) {
  Value out = local;
  const uint32_t n = local.shape().size();
  for (uint32_t i = 0; i < n; ++i) {
    if (slots.is_identity(local, i)) continue;
    if (!(out.field(i) == remote.field(i))) out.set_field(i, remote.field(i));
  }
  return out;
}

// Lists of plain values (labels, components): the union, local order first.
Value union_of(const Value& local, const Value& remote) {
  std::vector<Value> out = local.is_list() ? local.as_list() : std::vector<Value>{};
  const size_t before = out.size();
  if (remote.is_list()) {
    for (const Value& v : remote.as_list()) {
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
  }
  if (out.size() == before && local.is_list()) return local;
  return Value::list(std::move(out));
}

bool all_records(const Value& list, IdSlots& slots) {
  if (!list.is_list()) return true;
  return std::all_of(list.as_list().begin(), list.as_list().end(),
                     [&](const Value& v) { return v.is_record() && slots.has_both(v); });
}

// The ids of a list's items ("" where there is none). Views into the items: the lists
// outlive the merge.
std::vector<std::string_view> ids_of(const std::vector<Value>& items, IdSlots& slots) {
  std::vector<std::string_view> out;
  out.reserve(items.size());
  for (const Value& v : items) {
    const Value& id = slots.id(v);
    out.push_back(id.is_string() ? std::string_view(id.as_string()) : std::string_view());
  }
  return out;
}

// Finds ids in a list: by scanning while the list is short (the usual handful of comments: no
// hashing, no allocation), through a hash index once it is long.
class IdIndex {
 public:
  explicit IdIndex(std::vector<std::string_view> ids) : ids_(std::move(ids)) {
    if (ids_.size() > kScanLimit) {
      for (size_t i = 0; i < ids_.size(); ++i) {
        if (!ids_[i].empty()) index_.emplace(ids_[i], i);
      }
    }
  }
  static constexpr size_t npos = static_cast<size_t>(-1);
  size_t find(std::string_view id) const {
    if (id.empty()) return npos;
    if (ids_.size() > kScanLimit) {
      auto it = index_.find(id);
      return it == index_.end() ? npos : it->second;
    }
    for (size_t i = 0; i < ids_.size(); ++i) {
      if (equal_text(ids_[i], id)) return i;
    }
    return npos;
  }
  std::string_view id(size_t i) const { return ids_[i]; }

 private:
  static constexpr size_t kScanLimit = 32;
  std::vector<std::string_view> ids_;
  std::unordered_map<std::string_view, size_t> index_;
};

// True when merging would change nothing, tested in one pass without allocating: the same count,
// each local item the twin of the remote one at its position (its remoteId is that item's id),
// with the same content. It is the usual case — an edit of the summary re-sends comments that are
// all here already — and the general merge below would build and throw away a new list for it.
bool already_merged(const std::vector<Value>& locals, const std::vector<Value>& remotes, IdSlots& slots) {
  if (locals.size() != remotes.size()) return false;
  // From the back: new comments come last, so when this is not the usual case it fails at once
  // and the general merge pays almost nothing for having tried.
  for (size_t i = locals.size(); i-- > 0;) {
    const Value& l = locals[i];
    const Value& r = remotes[i];
    // Both lists hold items of one shape; the other side's may differ (another node's schema).
    // Tested first, so that the slot cache below serves both items.
    if (&l.shape() != &r.shape()) return false;
    const Value& rid = slots.remote_id(l);
    const Value& id = slots.id(r);
    if (!rid.is_string() || !id.is_string() || !equal_text(rid.as_string(), id.as_string())) return false;
    const uint32_t n = l.shape().size();
    for (uint32_t f = 0; f < n; ++f) {
      if (slots.is_identity(l, f)) continue;
      if (!(l.field(f) == r.field(f))) return false;  // as the general merge compares
    }
  }
  return true;
}

}  // namespace

Value merge(const Value& local, const Value& remote) {
  IdSlots slots;
  if (!all_records(local, slots) || !all_records(remote, slots)) return union_of(local, remote);
  static const std::vector<Value> kEmpty;
  const auto& locals = local.is_list() ? local.as_list() : kEmpty;
  const auto& remotes = remote.is_list() ? remote.as_list() : kEmpty;
  if (local.is_list() && already_merged(locals, remotes, slots)) return local;

  const IdIndex remote_ids(ids_of(remotes, slots));
  std::vector<char> seen(remotes.size(), 0);
  std::vector<Value> out;
  out.reserve(locals.size() + remotes.size());
  bool changed = false;
  for (const Value& l : locals) {
    const Value& rid = slots.remote_id(l);
    if (!rid.is_string()) {
      out.push_back(l);  // made here: never touched
      continue;
    }
    const size_t i = remote_ids.find(rid.as_string());
    if (i == IdIndex::npos) {
      changed = true;  // withdrawn on the other side
      continue;
    }
    seen[i] = 1;
    Value u = updated(l, remotes[i], slots);
    changed = changed || !u.same(l);
    out.push_back(std::move(u));
  }
  // Items of ours that the other side sends back name our id as their remoteId: not new. The
  // local ids are indexed only when a remote item names one (items made there usually do not).
  std::optional<IdIndex> local_ids;
  for (size_t i = 0; i < remotes.size(); ++i) {
    const Value& r = remotes[i];
    if (!remote_ids.id(i).empty() && (seen[i] || remote_ids.find(remote_ids.id(i)) != i)) continue;
    const Value& echo = slots.remote_id(r);
    if (echo.is_string()) {
      if (!local_ids) local_ids.emplace(ids_of(locals, slots));
      if (local_ids->find(echo.as_string()) != IdIndex::npos) continue;
    }
    Value item = r;
    const Value id = slots.id(r);
    if (auto s = slots.remote_id_slot(r)) item.set_field(*s, id);
    if (auto s = slots.id_slot(r)) item.set_field(*s, Value());
    out.push_back(std::move(item));
    changed = true;
  }
  if (!changed && local.is_list()) return local;
  return Value::list(std::move(out));
}

}  // namespace twinsync::stdlib
