// admin_ops.cpp — creating users, tokens and projects with Jira's validation rules.
#include "runtime/tracker/admin_ops.h"

#include "runtime/tracker/util.h"

namespace twinsync::tracker {

Result<User> create_user(TrackerState& s, const NewUser& n) {
  if (n.name.empty() || n.email.empty() || n.email.find('@') == std::string::npos) {
    return make_error("a user needs a name and an e-mail address", ErrorKind::BadRequest);
  }
  if (s.catalog.user_by_any(n.name) || s.catalog.user_by_any(n.email)) {
    return make_error("a user named '" + n.name + "' or with e-mail " + n.email + " already exists", ErrorKind::Conflict);
  }
  User u;
  u.account_id = random_hex(12);
  u.name = n.name;
  u.email = n.email;
  u.display_name = n.display_name.empty() ? n.name : n.display_name;
  u.admin = n.admin;
  if (Status st = s.store->insert_user(u); !st) return st.error();
  return u;
}

Result<std::string> create_token(TrackerState& s, const std::string& account_id, const std::string& kind,
                                 const std::string& label, std::string token) {
  if (kind != "api" && kind != "pat") return make_error("a token kind is 'api' or 'pat'", ErrorKind::BadRequest);
  if (!s.catalog.user(account_id)) return make_error("no user with account id " + account_id, ErrorKind::NotFound);
  if (token.empty()) token = new_token();
  if (token.size() < 16) return make_error("a token must have at least 16 characters", ErrorKind::BadRequest);
  if (Status st = s.store->insert_token(account_id, kind, sha256_hex(token), label, now_ms()); !st) {
    return reworded(st.error(), "cannot store the token (is it already in use?)");
  }
  return token;
}

Result<Project> create_project(TrackerState& s, const std::string& key, const std::string& name,
                               const std::string& lead) {
  bool ok = key.size() >= 2 && key.size() <= 10 && key[0] >= 'A' && key[0] <= 'Z';
  for (char ch : key) ok = ok && ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_');
  if (!ok) {
    return make_error("a project key is 2 to 10 upper-case letters, digits or '_', starting with a letter",
                      ErrorKind::BadRequest);
  }
  if (s.catalog.project_by_key(key)) return make_error("a project with key " + key + " already exists", ErrorKind::Conflict);
  Project p{0, key, name.empty() ? key : name, "", lead};
  auto id = s.store->insert_project(p);
  if (!id) return id.error();
  p.id = *id;
  return p;
}

}  // namespace twinsync::tracker
