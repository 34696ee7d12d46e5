// node_delete.cpp — deleting a connection, on this node's word or on the peer's.
#include "runtime/node/node.h"

namespace twinsync::node {

namespace {

constexpr const char* kDeletedHere = "the connection was deleted";
constexpr const char* kDeletedThere = "the other side deleted the connection";

}  // namespace

Result<DeleteReport> Node::delete_connection(const std::string& connection, bool remove_history) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection + " (or it was deleted already)", ErrorKind::NotFound);
  DeleteReport report;
  report.connection = connection;
  // The engine stops and its twins end first: from here nothing of it is read, sent or applied,
  // whether or not the peer can be told.
  auto twins = c->engine->delete_connection(kDeletedHere, remove_history);
  if (!twins) return twins.error();
  report.unexalated = twins->size();
  report.history_removed = remove_history;
  if (Node* other = c->local_peer_node) {
    report.paired = report.peer_told = true;
    report.peer = "local:" + other->name() + "/" + c->local_peer;
    other->peer_unpaired(c->local_peer);
  } else if (transport_) {
    auto unpaired = transport_->unpair(connection);
    if (!unpaired) return reworded(unpaired.error(), "connection " + connection + " is deleted, but its keys could not be removed: " +
                                         unpaired.error().message);
    report.paired = unpaired->paired;
    report.peer_told = unpaired->told;
    report.peer = unpaired->peer;
    report.peer_error = unpaired->why;
  }
  log(LogEventId::ConnectionDeleted,
      "connection " + connection + " deleted: " + std::to_string(report.unexalated) + " twins unexalated" +
          (remove_history ? ", history removed" : "") +
          (!report.paired ? "" : report.peer_told ? "; the peer forgot the pairing" : "; the peer was not told: " + report.peer_error),
      connection);
  background([this, c, twins = std::move(*twins), connection] {
    if (size_t failed = c->engine->show_unexalated(twins, kDeletedHere); failed > 0) {
      log(LogEventId::ConnectionDeleted, "connection " + connection + ": the link of " + std::to_string(failed) +
          " issues could not be marked unexalated", connection);
    }
  });
  return report;
}

void Node::peer_unpaired(const std::string& connection) {
  Connection* c = find(connection);
  if (!c) return;
  background([this, c, connection] {
    auto twins = c->engine->unexalate_all(kDeletedThere);
    if (!twins) {
      log(LogEventId::PeerUnpaired, "connection " + connection + ": the peer deleted its side, but its twins could not "
          "be unexalated: " + twins.error().message, connection);
      return;
    }
    log(LogEventId::PeerUnpaired, "connection " + connection + ": the peer deleted its side; " +
        std::to_string(twins->size()) + " twins unexalated (pair it again, or delete it here too)", connection);
    (void)c->engine->show_unexalated(*twins, kDeletedThere);
  });
}

void Node::background(std::function<void()> work) {
  std::lock_guard lock(mu_);
  if (stopping_) return;
  job_threads_.emplace_back(std::move(work));
}

}  // namespace twinsync::node
