// node_transport.cpp — wiring the transport (runtime/transport) to a node's engines.
#include "runtime/node/node_transport.h"

#include <algorithm>

#include "runtime/transport/invitation_code.h"
#include "runtime/transport/paths.h"
#include "runtime/transport/unpair.h"

namespace twinsync::node {

namespace {

transport::Event to_wire(const store::Event& e) {
  return transport::Event{e.id, e.kind, e.twin_key, static_cast<uint64_t>(e.twin_seq), e.payload, e.at_ms};
}

store::Event from_wire(const transport::Event& e) {
  store::Event s;
  s.id = e.id;
  s.kind = e.kind;
  s.twin_key = e.twin;
  s.twin_seq = static_cast<int64_t>(e.seq);
  s.payload = e.payload;
  s.at_ms = e.created_ms;
  return s;
}

Error unknown_connection(const std::string& name) {
  return make_error("this node has no connection to another node named \"" + name + "\"", ErrorKind::NotFound);
}

}  // namespace

// The node's store seen as the transport's queue: the outbox and the inbox of each engine.
class NodeTransport::Queue final : public transport::EventQueue {
 public:
  explicit Queue(TransportHost& host) : host_(host) {}

  Result<std::vector<transport::Event>> pending(const std::string& connection, size_t max) override {
    sync::ConnectionEngine* e = host_.engine(connection);
    if (!e) return unknown_connection(connection);
    auto events = e->pending_outbound(max);
    if (!events) return events.error();
    std::vector<transport::Event> out;
    out.reserve(events->size());
    for (const auto& ev : *events) out.push_back(to_wire(ev));
    return out;
  }

  Status delivered(const std::string& connection, const std::vector<std::string>& ids) override {
    sync::ConnectionEngine* e = host_.engine(connection);
    if (!e) return unknown_connection(connection);
    return e->mark_delivered(ids);
  }

  Status refuse(const std::string& connection, const std::string& id, const std::string& reason) override {
    sync::ConnectionEngine* e = host_.engine(connection);
    if (!e) return unknown_connection(connection);
    return e->refuse_outbound(id, reason);
  }

  Status accept(const std::string& connection, const std::vector<transport::Event>& events) override {
    sync::ConnectionEngine* e = host_.engine(connection);
    if (!e) return unknown_connection(connection);
    std::vector<store::Event> in;
    in.reserve(events.size());
    for (const auto& ev : events) in.push_back(from_wire(ev));
    if (auto ok = e->accept(in); !ok) return ok;
    host_.wake_incoming();
    return ok_status();
  }

 private:
  TransportHost& host_;
};

Result<std::unique_ptr<NodeTransport>> NodeTransport::open(const std::string& store_path, std::string master_key,
                                                           std::vector<std::string> remote, TransportHost host,
                                                           transport::WireLimits limits,
                                                           transport::SenderOptions sender_options) {
  sender_options.limits = limits;
  sqlite::OpenOptions o;
  o.synchronous = sqlite::Synchronous::Full;  // a peer's secret is written once and must survive
  auto db = sqlite::Database::open(store_path, o);
  if (!db) return reworded(db.error(), "store " + store_path + ": " + db.error().message);
  std::unique_ptr<NodeTransport> t(
      new NodeTransport(std::move(*db), std::move(host), std::move(remote), std::move(sender_options)));
  auto keys = transport::KeyStore::open(t->db_, std::move(master_key));
  if (!keys) return keys.error();
  t->keys_ = std::move(*keys);
  t->queue_ = std::make_unique<Queue>(t->host_);
  transport::InvitationOptions io;
  transport::ReceiverOptions ro;
  ro.limits = limits;
  if (t->host_.log) {
    io.log = [log = t->host_.log](std::string_view line) { log(std::string(line)); };
    ro.log = io.log;
  }
  ro.unpaired = [t = t.get()](const std::string& connection) -> Status {
    if (!t->is_remote(connection)) return unknown_connection(connection);
    if (Status s = t->forget(connection); !s) return s;
    if (t->host_.log) t->host_.log("connection " + connection + ": the peer deleted its side; the pairing is gone");
    if (t->host_.peer_unpaired) t->host_.peer_unpaired(connection);
    return ok_status();
  };
  t->invitations_ = std::make_unique<transport::Invitations>(*t->keys_, io);
  t->receiver_ = std::make_unique<transport::Receiver>(*t->keys_, *t->queue_, ro);
  t->start_senders();
  return t;
}

NodeTransport::NodeTransport(sqlite::Database db, TransportHost host, std::vector<std::string> remote,
                             transport::SenderOptions sender_options)
    : db_(std::move(db)), host_(std::move(host)), remote_(std::move(remote)), sender_options_(std::move(sender_options)) {
  if (host_.log && !sender_options_.log) {
    sender_options_.log = [log = host_.log](std::string_view line) { log(std::string(line)); };
  }
}

NodeTransport::~NodeTransport() { stop(); }

void NodeTransport::stop() {
  std::map<std::string, std::unique_ptr<transport::Sender>> senders;
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    senders.swap(senders_);
  }
  for (auto& [name, s] : senders) s->stop();
}

bool NodeTransport::is_remote(const std::string& connection) const {
  return std::find(remote_.begin(), remote_.end(), connection) != remote_.end();
}

void NodeTransport::start_senders() {
  for (const std::string& name : remote_) {
    {
      std::lock_guard lock(mu_);
      if (stopped_ || senders_.count(name)) continue;
    }
    auto peer = keys_->peer(name);
    if (!peer || !*peer) continue;
    auto sender = std::make_unique<transport::Sender>(name, *keys_, *queue_, sender_options_);
    std::lock_guard lock(mu_);
    if (stopped_ || senders_.count(name)) continue;
    sender->start();
    senders_.emplace(name, std::move(sender));
  }
}

net::HttpResponse NodeTransport::handle(const net::HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path == transport::kInvitationAcceptPath) {
    net::HttpResponse r = invitations_->handle(request);
    if (r.status == 200) start_senders();  // the acceptor is paired now: its events may flow
    return r;
  }
  return receiver_->handle(request);
}

Result<std::string> NodeTransport::invite(const std::string& connection, std::chrono::seconds ttl) {
  if (!is_remote(connection)) return unknown_connection(connection);
  // Invitations that expired a day ago are of no use even to explain a late redemption.
  const int64_t day_ms = 24LL * 3600 * 1000;
  (void)keys_->prune_invitations(transport::system_now_ms() - day_ms);
  return invitations_->create(connection, host_.base_url(), ttl);
}

Result<transport::PeerInfo> NodeTransport::accept(const std::string& code, const std::string& connection, bool replace,
                                                  std::string* replaced) {
  std::string local = connection;
  if (local.empty()) {
    auto parsed = transport::parse_invitation_code(code);
    if (!parsed) return parsed.error();
    local = parsed->connection;
  }
  if (!is_remote(local)) return unknown_connection(local);
  auto existing = keys_->peer(local);
  if (!existing) return existing.error();
  std::string before;
  if (*existing) {
    before = (*existing)->info.remote_url + " (their connection " + (*existing)->info.remote_connection + ")";
    if (!replace) {
      return make_error("connection " + local + " is already paired with " + before +
                            "; accept with --replace to replace that pairing",
                        ErrorKind::Conflict);
    }
  }
  auto info = invitations_->accept(code, host_.base_url(), local);
  if (!info) return info;
  if (!before.empty()) {
    if (replaced) *replaced = before;
    if (host_.log) host_.log("connection " + local + ": pairing with " + before + " replaced");
  }
  start_senders();
  notify(local);
  return info;
}

void NodeTransport::stop_sender(const std::string& connection) {
  std::unique_ptr<transport::Sender> sender;
  {
    std::lock_guard lock(mu_);
    auto it = senders_.find(connection);
    if (it == senders_.end()) return;
    sender = std::move(it->second);
    senders_.erase(it);
  }
  sender->stop();  // outside the lock: it may finish a request in flight first
}

Status NodeTransport::forget(const std::string& connection) {
  stop_sender(connection);
  return keys_->remove_peer(connection);
}

Result<UnpairOutcome> NodeTransport::unpair(const std::string& connection) {
  if (!is_remote(connection)) return unknown_connection(connection);
  auto peer = keys_->peer(connection);
  if (!peer) return peer.error();
  UnpairOutcome out;
  if (*peer) {
    out.paired = true;
    out.peer = (*peer)->info.remote_url + " (" + (*peer)->info.remote_connection + ")";
    stop_sender(connection);  // first, so nothing of this connection is sent after the peer forgot it
    Status told = transport::request_unpair(**peer, transport::transport_client_options(), sender_options_.clock);
    out.told = bool(told);
    if (!told) out.why = told.error().message;
  }
  if (Status s = forget(connection); !s) return s.error();
  return out;
}

void NodeTransport::notify(const std::string& connection) {
  std::lock_guard lock(mu_);
  auto it = senders_.find(connection);
  if (it != senders_.end()) it->second->notify();
}

bool NodeTransport::sending(const std::string& connection) {
  std::lock_guard lock(mu_);
  return senders_.count(connection) > 0;
}

std::optional<transport::SenderStatus> NodeTransport::sender_status(const std::string& connection) {
  std::lock_guard lock(mu_);
  auto it = senders_.find(connection);
  if (it == senders_.end()) return std::nullopt;
  return it->second->status();
}

Result<bool> NodeTransport::paired(const std::string& connection) {
  auto peer = keys_->peer(connection);
  if (!peer) return peer.error();
  return peer->has_value();
}

std::vector<transport::PeerInfo> NodeTransport::peers() {
  auto all = keys_->peers();
  return all ? *all : std::vector<transport::PeerInfo>{};
}

}  // namespace twinsync::node
