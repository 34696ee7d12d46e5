// local_link.cpp — in-process delivery between two engines.
#include "runtime/node/local_link.h"

namespace twinsync::node {

Result<size_t> deliver(sync::ConnectionEngine& from, sync::ConnectionEngine& to, size_t max) {
  auto events = from.pending_outbound(max);
  if (!events) return events.error();
  if (events->empty()) return size_t{0};
  if (auto ok = to.accept(*events); !ok) return ok.error();
  std::vector<std::string> ids;
  for (const auto& e : *events) ids.push_back(e.id);
  if (auto ok = from.mark_delivered(ids); !ok) return ok.error();
  return events->size();
}

}  // namespace twinsync::node
