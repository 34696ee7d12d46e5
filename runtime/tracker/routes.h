// routes.h — how the tracker's REST resources are registered: each routes_*.cpp adds its group
// through add_route, which authenticates, applies the rate limit, takes the store lock and turns
// ApiError into Jira's error body.
#pragma once

#include <functional>
#include <string>

#include "runtime/net/router.h"
#include "runtime/tracker/call.h"

namespace twinsync::tracker {

using CallHandler = std::function<net::HttpResponse(Call&)>;

enum class Access { Anonymous, User, Admin };

void add_route(net::Router& router, TrackerState& s, std::string method, std::string_view pattern,
               CallHandler handler, Access access = Access::User);

/// The user a request authenticates as (Basic e-mail/name + API token, or Bearer token), or
/// null. Caller holds s.mu.
const User* authenticate(TrackerState& s, const net::HttpRequest& request);

void add_meta_routes(net::Router& r, TrackerState& s);        // serverInfo, myself, field, project, …
void add_issue_routes(net::Router& r, TrackerState& s);       // create, get, edit, delete
void add_createmeta_routes(net::Router& r, TrackerState& s);  // createmeta, editmeta
void add_search_routes(net::Router& r, TrackerState& s);      // search, search/jql
void add_comment_routes(net::Router& r, TrackerState& s);
void add_transition_routes(net::Router& r, TrackerState& s);
void add_attachment_routes(net::Router& r, TrackerState& s);
void add_history_routes(net::Router& r, TrackerState& s);     // changelog
void add_user_routes(net::Router& r, TrackerState& s);
void add_link_routes(net::Router& r, TrackerState& s);        // issueLink, issueLinkType
void add_remote_link_routes(net::Router& r, TrackerState& s); // issue/{key}/remotelink
void add_webhook_routes(net::Router& r, TrackerState& s);
void add_admin_routes(net::Router& r, TrackerState& s);       // /rest/twinsync-admin/1/…

}  // namespace twinsync::tracker
