// file_parts.h — the bytes of new attachments on their way out. Each event carries at most the
// connection's attachment limit of file bytes, so several new files travel in several events of
// the same twin (the other side applies them in order, each adding the files whose bytes it
// carries). A single file over the limit stops the change with a clear reason (the twin parks)
// unless the operator chose to send the issue without such files.
#pragma once

#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::sync {

struct FileParts {
  std::vector<Value> replicas;  // the events to queue, in order; at least one
  std::string too_large;        // set (and replicas empty) when a new file is over the limit
};

/// `replica` carries no file contents; `sent` is the last replica sent (its files are known on
/// the other side). With `skip_oversize`, files over `max_bytes` travel without their bytes.
Result<FileParts> split_new_files(TrackerPort& tracker, const Value& replica, const Value& sent, size_t max_bytes,
                                  bool skip_oversize);

/// The replica with no file carrying its bytes (what is remembered as sent, and what a refused
/// event becomes when the operator resolves it).
Value without_file_contents(const Value& replica);

/// Does a file of the replica carry its bytes? Such a replica is the only one that brings them.
bool carries_file_contents(const Value& replica);

/// "12.0 MiB".
std::string mebibytes(double bytes);

}  // namespace twinsync::sync
