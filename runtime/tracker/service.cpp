// service.cpp — the tracker's state and routes assembled, without a server: store, catalog,
// seed, configured users, projects and webhooks.
#include "runtime/tracker/service.h"

#include <algorithm>
#include <set>

#include "runtime/tracker/admin_ops.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

void TrackerState::reload_catalog() {
  if (auto c = store->load_catalog()) catalog = std::move(*c);
  fields = field_catalog(catalog);
  jql.clear();
}

namespace {

std::unique_ptr<net::Router> make_router(TrackerState& s) {
  auto r = std::make_unique<net::Router>([](int status, std::string message) {
    return jira_error_response(status, {std::move(message)});
  });
  // createmeta before issue/{key}: both match GET /rest/api/2/issue/createmeta.
  add_createmeta_routes(*r, s);
  add_meta_routes(*r, s);
  add_issue_routes(*r, s);
  add_search_routes(*r, s);
  add_comment_routes(*r, s);
  add_transition_routes(*r, s);
  add_attachment_routes(*r, s);
  add_history_routes(*r, s);
  add_user_routes(*r, s);
  add_link_routes(*r, s);
  add_remote_link_routes(*r, s);
  add_webhook_routes(*r, s);
  add_admin_routes(*r, s);
  return r;
}

// --webhook URLs: Server-style registrations for every event, made once per URL.
Status register_configured_webhooks(TrackerState& s) {
  auto existing = s.store->webhooks();
  if (!existing) return existing.error();
  for (const std::string& url : s.opt.webhook_urls) {
    if (!net::parse_url(url)) return make_error("--webhook " + url + " is not an http(s) URL", ErrorKind::BadRequest);
    bool known = false;
    for (const Webhook& w : *existing) known = known || (w.url == url && w.flavour == "server");
    if (known) continue;
    Webhook w;
    w.name = "configured";
    w.url = url;
    w.flavour = "server";
    w.created = now_ms();
    if (auto id = s.store->insert_webhook(w); !id) return id.error();
  }
  return ok_status();
}

// --issue-type NAME and --custom-field Name:kind[:options], each made once.
Status add_configured_schema(TrackerState& s) {
  Id next_type = 10000;
  for (const IssueType& t : s.catalog.issue_types) next_type = std::max(next_type, t.id + 1);
  for (const std::string& name : s.opt.issue_types) {
    const bool known = std::any_of(s.catalog.issue_types.begin(), s.catalog.issue_types.end(),
                                   [&](const IssueType& t) { return t.name == name; });
    if (known) continue;
    if (name.empty()) return make_error("--issue-type wants a name", ErrorKind::BadRequest);
    if (Status st = s.store->insert_issue_type(IssueType{next_type++, name, "", false, 0}); !st) return st;
    s.reload_catalog();
  }
  static const std::set<std::string> kinds = {"text", "textarea", "number", "url", "select",
                                              "multiselect", "date", "user", "labels"};
  Id next_field = 10010;
  for (const CustomField& f : s.catalog.custom_fields) next_field = std::max(next_field, f.id + 1);
  for (const std::string& spec : s.opt.custom_fields) {
    const size_t a = spec.find(':'), b = a == std::string::npos ? a : spec.find(':', a + 1);
    const std::string name = spec.substr(0, a);
    const std::string kind = a == std::string::npos ? "" : spec.substr(a + 1, b == std::string::npos ? b : b - a - 1);
    if (name.empty() || !kinds.count(kind)) {
      return make_error("--custom-field wants Name:kind[:One|Two] with kind one of text, textarea, number, url, "
                        "select, multiselect, date, user, labels; got '" + spec + "'",
                        ErrorKind::BadRequest);
    }
    const bool known = std::any_of(s.catalog.custom_fields.begin(), s.catalog.custom_fields.end(),
                                   [&](const CustomField& f) { return f.name == name; });
    if (known) continue;
    CustomField f{next_field++, name, kind, "", {}};
    for (size_t at = b == std::string::npos ? spec.size() : b + 1; at < spec.size();) {
      const size_t bar = std::min(spec.find('|', at), spec.size());
      if (bar > at) f.options.push_back(FieldOption{0, spec.substr(at, bar - at)});
      at = bar + 1;
    }
    if (Status st = s.store->insert_custom_field(f); !st) return st;
    s.reload_catalog();
  }
  return ok_status();
}

// --user name:email[:token] and --project KEY[:Name], each made once.
Status add_configured(TrackerState& s) {
  for (const std::string& spec : s.opt.users) {
    const size_t a = spec.find(':'), b = a == std::string::npos ? a : spec.find(':', a + 1);
    if (a == std::string::npos) return make_error("--user wants name:email[:token], got '" + spec + "'", ErrorKind::BadRequest);
    const std::string name = spec.substr(0, a);
    const std::string email = spec.substr(a + 1, b == std::string::npos ? b : b - a - 1);
    if (s.catalog.user_by_any(email)) continue;
    auto u = create_user(s, NewUser{name, email, name, false});
    if (!u) return u.error();
    s.reload_catalog();
    if (b != std::string::npos) {
      if (auto t = create_token(s, u->account_id, "api", "--user", spec.substr(b + 1)); !t) return t.error();
    }
  }
  std::string lead;  // a copy: reload_catalog() below replaces the users
  for (const User& u : s.catalog.users) {
    if (u.admin && lead.empty()) lead = u.account_id;
  }
  for (const std::string& spec : s.opt.projects) {
    const size_t colon = spec.find(':');
    const std::string key = spec.substr(0, colon);
    if (s.catalog.project_by_key(key)) continue;
    auto p = create_project(s, key, colon == std::string::npos ? key : spec.substr(colon + 1),
                            lead);
    if (!p) return p.error();
    s.reload_catalog();
  }
  return add_configured_schema(s);
}

}  // namespace

Result<std::unique_ptr<TrackerService>> TrackerService::open(TrackerOptions options) {
  std::unique_ptr<TrackerService> svc(new TrackerService());
  TrackerState& s = svc->state_;
  s.opt = std::move(options);
  s.limiter.configure(s.opt.rate_limit);
  auto store = Store::open(s.opt.db_path.empty() ? ":memory:" : s.opt.db_path);
  if (!store) return store.error();
  s.store = std::move(*store);
  {
    std::lock_guard lock(s.mu);
    s.reload_catalog();
    auto admin = seed_if_empty(s);
    if (!admin) return admin.error();
    svc->admin_ = *admin;
    if (Status st = register_configured_webhooks(s); !st) return st.error();
    if (Status st = add_configured(s); !st) return st.error();
  }
  svc->router_ = make_router(s);
  return svc;
}

void TrackerService::set_base_url(std::string url) {
  std::lock_guard lock(state_.mu);
  while (!url.empty() && url.back() == '/') url.pop_back();
  state_.base_url = std::move(url);
  state_.jql.clear();  // records carry `self` links
}

}  // namespace twinsync::tracker
