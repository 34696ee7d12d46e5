// sync_functions.cpp — merge of comments and attachments, users and issue types of the local
// tracker.
#include "compiler/schema/shapes.h"
#include "stdlib/functions/registry.h"
#include "stdlib/merge/merge.h"

namespace twinsync::stdlib {
namespace {

bool merge_items(NativeCall& c) {
  const Value& local = c.args[0];
  const Value& remote = c.args[1];
  if ((!local.is_null() && !local.is_list()) || (!remote.is_null() && !remote.is_list())) {
    return fail(c, "merge needs two lists");
  }
  return ok(c, merge(local, remote));
}

bool user_by_email(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  return ok(c, c.host.user_by_email(c.args[0].as_string()));
}

bool user_by_id(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  return ok(c, c.host.user_by_id(c.args[0].as_string()));
}

bool local_type(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  return ok(c, c.host.local_type(c.args[0].as_string()));
}

}  // namespace

void add_sync_functions(Table& t) {
  put(t, BuiltinId::Merge, merge_items);
  put(t, BuiltinId::UserByEmail, user_by_email);
  put(t, BuiltinId::UserById, user_by_id);
  put(t, BuiltinId::LocalType, local_type);
}

}  // namespace twinsync::stdlib
