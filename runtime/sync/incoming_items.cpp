// incoming_items.cpp — an apply's comments and attachments: one tracker operation per item, each
// recorded so that a retry repeats none, and the issue the apply expects to leave updated to match.
#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "runtime/sync/engine.h"
#include "runtime/sync/items.h"
#include "runtime/sync/replica_apply.h"
#include "runtime/sync/step_tx.h"

namespace twinsync::sync {
namespace {

// Applies one item operation to the expected issue: `item` added or replacing the item with
// id `replace_id`; a null `item` removes it.
void expect_item(Value& issue, bool comment, const Value& item, const std::string& replace_id) {
  const uint32_t list_slot = slot(comment ? IssueSlot::Comments : IssueSlot::Attachments);
  const uint32_t id_slot = comment ? slot(CommentSlot::Id) : slot(AttachmentSlot::Id);
  const Value& list = issue.field(list_slot);
  std::vector<Value> items;
  if (list.is_list()) {
    for (const Value& x : list.as_list()) {
      if (!replace_id.empty() && x.is_record() && text_of(x.field(id_slot)) == replace_id) {
        if (!item.is_null()) items.push_back(item);
        continue;
      }
      items.push_back(x);
    }
  }
  if (replace_id.empty() && !item.is_null()) items.push_back(item);
  issue.set_field(list_slot, Value::list(std::move(items)));
}

}  // namespace

// One item made on the tracker and recorded.
ConnectionEngine::ApplyStop ConnectionEngine::replica_create_item(ReplicaApply& a, const ItemOp& op,
                                                                  const std::string& intent) {
  const bool comment = op.item_kind == "comment";
  const uint32_t id_slot = comment ? slot(CommentSlot::Id) : slot(AttachmentSlot::Id);
  const std::string remote_id = text_of(op.item.field(comment ? slot(CommentSlot::RemoteId) : slot(AttachmentSlot::RemoteId)));
  const std::string& key = *a.twin.local_key;
  Result<std::string> made = std::string();
  if (comment) {
    made = tracker_.add_comment(key, attributed_body(op.item, a.format), op.item.field(slot(CommentSlot::Visibility)),
                                op.item.field(slot(CommentSlot::Internal)).truthy());
  } else {
    const Value& content = op.item.field(slot(AttachmentSlot::Content));
    made = tracker_.upload_attachment(key, text_of(op.item.field(slot(AttachmentSlot::Filename))),
                                      text_of(op.item.field(slot(AttachmentSlot::MimeType))), std::string(content.as_string()));
  }
  if (!made) return replica_failed(a, made.error(), "adding a " + op.item_kind);
  Status recorded = in_transaction(store_, [&](store::Tx& tx) {
    return store_.put_item(tx, a.twin.id, {op.item_kind, remote_id, *made, 0, intent});
  });
  if (!recorded) return Result<StepResult>(recorded.error());
  a.written.push_back(op.item_kind + "+");
  Value item = op.item;
  item.set_field(id_slot, Value::string(*made));
  if (!comment) item.set_field(slot(AttachmentSlot::Content), Value());
  expect_item(a.expected, comment, item, "");
  return std::nullopt;
}

// Comments and attachments: one operation per item, each recorded so a retry repeats none.
// The comments of a new issue ride in one edit with the marker's removal where the tracker
// takes that; their ids come from the read of the new issue (replica_record).
ConnectionEngine::ApplyStop ConnectionEngine::replica_items(ReplicaApply& a) {
  store::Twin& twin = a.twin;
  const bool last_edit = a.created && !a.adopted && twin.create_marker.has_value();  // the marker goes in it
  std::vector<ItemOp> batched;
  int64_t intent_clock = 0;
  for (const ItemOp& op : item_ops(a.before, a.frame.output)) {
    const bool comment = op.item_kind == "comment";
    const uint32_t id_slot = comment ? slot(CommentSlot::Id) : slot(AttachmentSlot::Id);
    const uint32_t remote_slot = comment ? slot(CommentSlot::RemoteId) : slot(AttachmentSlot::RemoteId);
    const std::string remote_id = text_of(op.item.field(remote_slot));
    const std::string local_id = text_of(op.item.field(id_slot));
    if (op.kind == ItemOp::Create) {
      if (remote_id.empty()) continue;  // only the other side's items are created here
      if (!comment && !op.item.field(slot(AttachmentSlot::Content)).is_string()) continue;  // its bytes did not travel
      // The intent first, with what will be written, so a crash right after the create leaves
      // a trace to find the item by (reconcile_intents).
      const std::string intent = comment ? attributed_body(op.item, a.format) : text_of(op.item.field(slot(AttachmentSlot::Filename)));
      // Strictly increasing: the order of a new issue's comments pairs them with what the
      // tracker made when their text alone does not (reconcile_new_issue_comments).
      intent_clock = std::max(intent_clock + 1, datetime::now_ms());
      a.intents.push_back({op.item_kind, remote_id, std::nullopt, intent_clock, intent});
      if (comment && last_edit && !op.item.field(slot(CommentSlot::Internal)).truthy()) {
        batched.push_back(op);
        continue;
      }
      if (auto ok = flush_intents(a); !ok) return Result<StepResult>(ok.error());
      if (ApplyStop stop = replica_create_item(a, op, intent)) return stop;
    } else if (op.kind == ItemOp::Update) {
      if (auto ok = flush_intents(a); !ok) return Result<StepResult>(ok.error());
      auto ok = tracker_.update_comment(*twin.local_key, local_id, attributed_body(op.item, a.format),
                                        op.item.field(slot(CommentSlot::Visibility)),
                                        op.item.field(slot(CommentSlot::Internal)).truthy());
      if (!ok) return replica_failed(a, ok.error(), "editing a comment");
      a.written.push_back("comment~");
      expect_item(a.expected, true, op.item, local_id);
    } else {
      if (auto flushed = flush_intents(a); !flushed) return Result<StepResult>(flushed.error());
      auto ok = comment ? tracker_.delete_comment(*twin.local_key, local_id) : tracker_.delete_attachment(local_id);
      if (!ok) return replica_failed(a, ok.error(), "removing a " + op.item_kind);
      Status removed = in_transaction(store_, [&](store::Tx& tx) { return store_.delete_item(tx, twin.id, op.item_kind, remote_id); });
      if (!removed) return Result<StepResult>(removed.error());
      a.written.push_back(op.item_kind + "-");
      expect_item(a.expected, comment, Value(), local_id);
    }
  }
  // A new issue's marker goes in one last edit, with its comments if it has any: the edit's
  // answer (Jira Cloud's returnIssue) is then the issue as this apply leaves it, and no read is
  // needed after it.
  if (auto ok = flush_intents(a); !ok) return Result<StepResult>(ok.error());
  if (!last_edit) return std::nullopt;
  std::vector<TrackerPort::NewComment> comments;
  for (const ItemOp& op : batched) comments.push_back({attributed_body(op.item, a.format), op.item.field(slot(CommentSlot::Visibility))});
  auto together = tracker_.clear_marker_adding_comments(*twin.local_key, *twin.create_marker, comments);
  // The marker alone is best effort, as ever: tried once more after the record (announce_new_issue).
  if (!together && batched.empty()) return std::nullopt;
  if (!together) return replica_failed(a, together.error(), "adding comments");
  a.marker_cleared = together->written;
  a.edited = std::move(together->issue);
  for (const ItemOp& op : batched) {
    if (a.marker_cleared) {
      a.written.push_back("comment+");
    } else if (ApplyStop stop = replica_create_item(a, op, attributed_body(op.item, a.format))) {
      return stop;
    }
  }
  return std::nullopt;
}

}  // namespace twinsync::sync
