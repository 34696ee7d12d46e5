// items.cpp — annotation, attribution and the item operations of an incoming sync.
#include "runtime/sync/items.h"

#include <algorithm>
#include <set>

#include "compiler/schema/shapes.h"
#include "compiler/vm/vm.h"

namespace twinsync::sync {
namespace {


// Comments compare by what a person sees; ids and dates are the tracker's.
bool same_comment(const Value& a, const Value& b) {
  for (CommentSlot s : {CommentSlot::Body, CommentSlot::Internal, CommentSlot::Visibility}) {
    if (!(a.field(slot(s)) == b.field(slot(s)))) return false;
  }
  return true;
}

Value annotate_list(const Value& list, const std::map<std::string, std::string>& ids, bool comments,
                    const CommentFormat& format) {
  if (!list.is_list() || ids.empty()) return list;
  std::vector<Value> out;
  out.reserve(list.as_list().size());
  for (Value item : list.as_list()) {
    if (item.is_record()) {
      const uint32_t id_slot = comments ? slot(CommentSlot::Id) : slot(AttachmentSlot::Id);
      const uint32_t remote_slot = comments ? slot(CommentSlot::RemoteId) : slot(AttachmentSlot::RemoteId);
      auto it = ids.find(text_of(item.field(id_slot)));
      if (it != ids.end()) {
        item.set_field(remote_slot, Value::string(it->second));
        if (comments) {
          const std::string body = text_of(item.field(slot(CommentSlot::Body)));
          item.set_field(slot(CommentSlot::Body), Value::string(std::string(format.strip(body))));
        }
      }
    }
    out.push_back(std::move(item));
  }
  return Value::list(std::move(out));
}

}  // namespace

ItemIds local_to_remote(const std::vector<store::ItemPair>& pairs) {
  ItemIds ids;
  for (const store::ItemPair& p : pairs) {
    if (p.local_id) ids[p.kind][*p.local_id] = p.remote_id;
  }
  return ids;
}

Value annotate(const Value& issue, const ItemIds& ids, const CommentFormat& format) {
  if (!issue.is_record()) return issue;
  Value out = issue;
  auto c = ids.find("comment");
  if (c != ids.end()) {
    out.set_field(slot(IssueSlot::Comments), annotate_list(issue.field(slot(IssueSlot::Comments)), c->second, true, format));
  }
  auto a = ids.find("attachment");
  if (a != ids.end()) {
    out.set_field(slot(IssueSlot::Attachments),
                  annotate_list(issue.field(slot(IssueSlot::Attachments)), a->second, false, format));
  }
  return out;
}

std::string attributed_body(const Value& comment, const CommentFormat& format) {
  const std::string body = text_of(comment.field(slot(CommentSlot::Body)));
  const Value& author = comment.field(slot(CommentSlot::Author));
  return format.render(author.is_record() ? to_display_text(author) : std::string(), body);
}

std::vector<store::ItemPair> reconcile_intents(const std::vector<store::ItemPair>& pairs, const Value& local_issue,
                                               const CommentFormat& format) {
  std::vector<store::ItemPair> found;
  if (!local_issue.is_record()) return found;
  std::set<std::string> mapped;
  for (const store::ItemPair& p : pairs) {
    if (p.local_id) mapped.insert(p.kind + ":" + *p.local_id);
  }
  for (const store::ItemPair& p : pairs) {
    if (p.local_id || p.intent.empty()) continue;
    const bool comment = p.kind == "comment";
    const Value& list = local_issue.field(slot(comment ? IssueSlot::Comments : IssueSlot::Attachments));
    if (!list.is_list()) continue;
    for (const Value& l : list.as_list()) {
      const std::string id = text_of(l.field(comment ? slot(CommentSlot::Id) : slot(AttachmentSlot::Id)));
      if (id.empty() || mapped.count(p.kind + ":" + id)) continue;
      const std::string have = text_of(l.field(comment ? slot(CommentSlot::Body) : slot(AttachmentSlot::Filename)));
      // A tracker may have reformatted the author line; the text below it is what counts.
      const bool same = comment ? have == p.intent || format.strip(have) == format.strip(p.intent)
                                : have == p.intent;
      if (!same) continue;
      store::ItemPair done = p;
      done.local_id = id;
      found.push_back(done);
      mapped.insert(p.kind + ":" + id);
      break;
    }
  }
  return found;
}

std::string text_of(const Value& v) { return v.is_string() ? std::string(v.as_string()) : std::string(); }

int64_t updated_ms(const Value& issue) {
  const Value& u = issue.is_record() ? issue.field(slot(IssueSlot::Updated)) : Value();
  return u.tag() == Tag::DateTime ? u.as_datetime() : 0;
}

bool same_user(const Value& a, const Value& b) {
  if (!a.is_record() || !b.is_record()) return false;
  for (UserSlot s : {UserSlot::AccountId, UserSlot::Username, UserSlot::Email}) {
    const std::string x = text_of(a.field(slot(s))), y = text_of(b.field(slot(s)));
    if (!x.empty() && !y.empty()) return x == y;
  }
  return false;
}

std::vector<store::ItemPair> reconcile_new_issue_comments(const std::vector<store::ItemPair>& pairs, const Value& new_issue,
                                                          const CommentFormat& format, const Value& sync_user) {
  std::vector<store::ItemPair> found = reconcile_intents(pairs, new_issue, format);
  const Value& list = new_issue.is_record() ? new_issue.field(slot(IssueSlot::Comments)) : Value();
  if (!list.is_list()) return found;
  std::set<std::string> taken;
  std::set<std::string> settled;  // remote ids with a local id now
  for (const auto& group : {pairs, found}) {
    for (const store::ItemPair& p : group) {
      if (p.kind != "comment" || !p.local_id) continue;
      taken.insert(*p.local_id);
      settled.insert(p.remote_id);
    }
  }
  std::vector<store::ItemPair> waiting;
  for (const store::ItemPair& p : pairs) {
    if (p.kind == "comment" && !p.local_id && !p.intent.empty() && !settled.count(p.remote_id)) waiting.push_back(p);
  }
  // In the order they were intended, which is the order of the one edit that added them.
  std::stable_sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) { return a.intent_ms < b.intent_ms; });
  size_t next = 0;
  for (const Value& c : list.as_list()) {
    if (next == waiting.size()) break;
    const std::string id = text_of(c.field(slot(CommentSlot::Id)));
    if (id.empty() || taken.count(id)) continue;
    if (sync_user.is_record() && !same_user(c.field(slot(CommentSlot::Author)), sync_user)) continue;
    store::ItemPair done = waiting[next++];
    done.local_id = id;
    found.push_back(done);
  }
  return found;
}

std::vector<ItemOp> item_ops(const Value& local_issue, const Value& wanted_issue) {
  std::vector<ItemOp> ops;
  struct Kind {
    IssueSlot list;
    const char* name;
    uint32_t id, remote;
    bool comments;
  };
  const Kind kinds[] = {{IssueSlot::Comments, "comment", slot(CommentSlot::Id), slot(CommentSlot::RemoteId), true},
                        {IssueSlot::Attachments, "attachment", slot(AttachmentSlot::Id), slot(AttachmentSlot::RemoteId),
                         false}};
  static const std::vector<Value> kNone;
  for (const Kind& k : kinds) {
    const Value& local = local_issue.is_record() ? local_issue.field(slot(k.list)) : Value();
    const Value& wanted = wanted_issue.field(slot(k.list));
    if (wanted.same(local)) continue;  // the rules left the list as it was: the common case
    const auto& locals = local.is_list() ? local.as_list() : kNone;
    const auto& wants = wanted.is_list() ? wanted.as_list() : kNone;
    std::map<std::string, const Value*> local_by_id;
    for (const Value& l : locals) {
      if (l.is_record()) local_by_id[text_of(l.field(k.id))] = &l;
    }
    std::set<std::string> kept;
    for (const Value& w : wants) {
      if (!w.is_record()) continue;
      const std::string id = text_of(w.field(k.id));
      if (id.empty()) {
        ops.push_back({ItemOp::Create, k.name, w});
        continue;
      }
      kept.insert(id);
      auto it = local_by_id.find(id);
      // Only items that came from the other side follow its edits.
      if (k.comments && it != local_by_id.end() && w.field(k.remote).is_string() && !same_comment(*it->second, w)) {
        ops.push_back({ItemOp::Update, k.name, w});
      }
    }
    for (const Value& l : locals) {
      if (!l.is_record() || !l.field(k.remote).is_string()) continue;  // made here: never deleted by the sync
      if (!kept.count(text_of(l.field(k.id)))) ops.push_back({ItemOp::Delete, k.name, l});
    }
  }
  return ops;
}

}  // namespace twinsync::sync
