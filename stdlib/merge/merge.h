// merge.h — merging the other side's comments or attachments into the local list.
//
// Local items that came from the other side carry `remoteId` (the engine sets it from the
// twin's item map before the rules run). merge keeps every local-only item untouched, updates
// the synced ones from their remote twin, drops synced ones the remote no longer sends, and
// appends remote items not seen before (with `id` null and `remoteId` set, so the engine
// creates them and records the pair). Remote items that are copies of local ones (their
// remoteId is a local id: this side's own items sent back) are not added again. Re-running it
// on its own result changes nothing.
#pragma once

#include "compiler/vm/value.h"

namespace twinsync::stdlib {

Value merge(const Value& local, const Value& remote);

}  // namespace twinsync::stdlib
