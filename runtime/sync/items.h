// items.h — comments and attachments between the rules and the tracker: local items are marked
// with the id of their twin on the other side (so merge() and the other side recognise them),
// the author of a synced comment is named in its text, and the list the rules produced becomes
// the create, update and delete operations that make the tracker match it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/schema/comment_format.h"
#include "compiler/vm/value.h"
#include "runtime/store/records.h"

namespace twinsync::sync {

/// Local id -> remote id, per kind ("comment", "attachment"), from the twin's item map.
using ItemIds = std::map<std::string, std::map<std::string, std::string>>;
ItemIds local_to_remote(const std::vector<store::ItemPair>& pairs);

/// Sets `remoteId` on the issue's comments and attachments that came from (or went to) the
/// other side, and takes the author header the sync added (`format`) off synced comment bodies.
Value annotate(const Value& issue, const ItemIds& ids, const CommentFormat& format);

/// The text a synced comment is posted with: the connection's header naming the author (by
/// default "*Ann QA* said:"), then the body, because the sync cannot post as the author.
std::string attributed_body(const Value& comment, const CommentFormat& format);

/// Pairs whose create was intended (no local id yet) and whose item exists on the issue — made
/// just before a crash — get their local id: the unpaired local item that matches the intent.
/// Returns the pairs to record.
std::vector<store::ItemPair> reconcile_intents(const std::vector<store::ItemPair>& pairs, const Value& local_issue,
                                               const CommentFormat& format);
/// The same for comments the sync just added to an issue it made itself (all its comments are
/// the sync's): intents whose text the tracker reshaped beyond recognition (rich text on Cloud)
/// take the issue's remaining comments in order.
/// Only comments by `sync_user` (the node's own account, when the tracker says who that is) take
/// part in the pairing by order, so that one a person added meanwhile is never taken for the sync's.
std::vector<store::ItemPair> reconcile_new_issue_comments(const std::vector<store::ItemPair>& pairs, const Value& new_issue,
                                                          const CommentFormat& format, const Value& sync_user = Value());
/// A text value's text ("" for anything else).
std::string text_of(const Value& v);
/// An issue's version: its `updated` (ms), 0 when it has none.
int64_t updated_ms(const Value& issue);
/// Whether two user records are one person, by the strongest identity both carry (Cloud account
/// id, then Data Center user name, then e-mail address).
bool same_user(const Value& a, const Value& b);

struct ItemOp {
  enum Kind { Create, Update, Delete } kind;
  std::string item_kind;  // comment | attachment
  Value item;             // Create/Update: the wanted item; Delete: the local item
};

/// Operations turning the local items (annotated) into the wanted list. Only items that came
/// from the other side are ever updated or deleted; items made here are never touched.
std::vector<ItemOp> item_ops(const Value& local_issue, const Value& wanted_issue);

}  // namespace twinsync::sync
