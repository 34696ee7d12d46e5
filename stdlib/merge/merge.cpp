// merge.cpp — see merge.h.
#include "stdlib/merge/merge.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "compiler/schema/shapes.h"

namespace twinsync::stdlib {
namespace {

const Value kNull;

const Value& named(const Value& record, std::string_view field) {
  auto slot = record.shape().find(field);
  return slot ? record.field(*slot) : kNull;
}

// Copies the remote item's content into the local one, keeping the local identity.
Value updated(const Value& local, const Value& remote) {
  Value out = local;
  const Shape& shape = local.shape();
  for (uint32_t i = 0; i < shape.size(); ++i) {
    const std::string_view name = shape.fields[i].name;
    if (name == "id" || name == "remoteId") continue;
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

bool all_records(const Value& list) {
  if (!list.is_list()) return true;
  return std::all_of(list.as_list().begin(), list.as_list().end(), [](const Value& v) {
    return v.is_record() && v.shape().find("remoteId") && v.shape().find("id");
  });
}

}  // namespace

Value merge(const Value& local, const Value& remote) {
  if (!all_records(local) || !all_records(remote)) return union_of(local, remote);
  static const std::vector<Value> kEmpty;
  const auto& locals = local.is_list() ? local.as_list() : kEmpty;
  const auto& remotes = remote.is_list() ? remote.as_list() : kEmpty;

  std::unordered_map<std::string, const Value*> by_id;
  for (const Value& r : remotes) {
    const Value& id = named(r, "id");
    if (id.is_string()) by_id.emplace(std::string(id.as_string()), &r);
  }
  std::vector<Value> out;
  out.reserve(locals.size() + remotes.size());
  std::unordered_set<std::string> seen;
  bool changed = false;
  for (const Value& l : locals) {
    const Value& rid = named(l, "remoteId");
    if (!rid.is_string()) {
      out.push_back(l);  // made here: never touched
      continue;
    }
    auto it = by_id.find(std::string(rid.as_string()));
    if (it == by_id.end()) {
      changed = true;  // withdrawn on the other side
      continue;
    }
    seen.insert(it->first);
    Value u = updated(l, *it->second);
    changed = changed || !u.same(l);
    out.push_back(std::move(u));
  }
  // Items of ours that the other side sends back name our id as their remoteId: not new.
  std::unordered_set<std::string> local_ids;
  for (const Value& l : locals) {
    const Value& id = named(l, "id");
    if (id.is_string()) local_ids.insert(std::string(id.as_string()));
  }
  for (const Value& r : remotes) {
    const Value& id = named(r, "id");
    const std::string key = id.is_string() ? std::string(id.as_string()) : std::string();
    if (!key.empty() && seen.count(key)) continue;
    const Value& echo = named(r, "remoteId");
    if (echo.is_string() && local_ids.count(std::string(echo.as_string()))) continue;
    Value item = r;
    if (auto s = item.shape().find("remoteId")) item.set_field(*s, id);
    if (auto s = item.shape().find("id")) item.set_field(*s, Value());
    out.push_back(std::move(item));
    changed = true;
  }
  if (!changed && local.is_list()) return local;
  return Value::list(std::move(out));
}

}  // namespace twinsync::stdlib
