// store.cpp — opening the tracker store, settings, users, tokens and the configuration tables.
#include "runtime/tracker/store.h"

#include "runtime/tracker/schema.h"
#include "runtime/tracker/store_json.h"

namespace twinsync::tracker {

namespace {

constexpr const char* kSql[] = {
#define SQL(name, text) text,
#include "runtime/tracker/store_sql.def"
#undef SQL
};

}  // namespace

const char* sql_text(Sql s) { return kSql[static_cast<int>(s)]; }

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  sqlite::OpenOptions opt;
  opt.synchronous = sqlite::Synchronous::Normal;
  opt.exclusive = true;  // one connection, the tracker's; a second tracker on the file is refused
  auto db = sqlite::Database::open(path, opt);
  if (!db) return db.error();
  if (Status s = sqlite::migrate(*db, tracker_migrations(), "tracker"); !s) return s.error();
  std::unique_ptr<Store> store(new Store(std::move(*db)));
  for (size_t i = 0; i < store->stmts_.size(); ++i) {
    auto st = store->db_.prepare(kSql[i]);
    if (!st) return st.error();
    store->stmts_[i] = std::move(*st);
  }
  return store;
}

Result<std::optional<std::string>> Store::setting(const std::string& key) {
  return row<std::string>(Sql::get_setting, [](auto& st) { return st.text(0); }, key);
}

Status Store::put_setting(const std::string& key, const std::string& value) {
  return exec(Sql::put_setting, key, value);
}

Status Store::insert_user(const User& u) {
  return exec(Sql::insert_user, u.account_id, u.name, u.email, u.display_name, u.time_zone,
              Id{u.active}, Id{u.admin});
}

Status Store::insert_token(const std::string& account_id, const std::string& kind,
                           const std::string& hash, const std::string& label, std::int64_t now) {
  return exec(Sql::insert_token, account_id, kind, hash, label, now);
}

Result<std::optional<std::pair<std::string, std::string>>> Store::find_token(const std::string& hash) {
  return row<std::pair<std::string, std::string>>(
      Sql::find_token, [](auto& st) { return std::make_pair(st.text(0), st.text(1)); }, hash);
}

Result<Id> Store::insert_project(const Project& p) {
  return insert(Sql::insert_project, p.key, p.name, p.description, p.lead);
}

Status Store::insert_issue_type(const IssueType& t) {
  return exec(Sql::insert_issue_type, t.id, t.name, t.description, Id{t.subtask}, Id{t.hierarchy});
}

Status Store::insert_status(const IssueStatus& s) {
  return exec(Sql::insert_status, s.id, s.name, s.description, s.category);
}

Status Store::insert_transition(const Transition& t) {
  return exec(Sql::insert_transition, t.id, t.name, t.from, t.to, Json(t.screen_fields).dump());
}

Status Store::insert_priority(const Priority& p) {
  return exec(Sql::insert_priority, p.id, p.name, p.description, p.color);
}

Status Store::insert_resolution(const Resolution& r) {
  return exec(Sql::insert_resolution, r.id, r.name, r.description);
}

Status Store::insert_custom_field(const CustomField& f) {
  if (Status s = exec(Sql::insert_custom_field, f.id, f.name, f.kind, f.description); !s) return s;
  for (const FieldOption& o : f.options) {
    if (Status s = exec(Sql::insert_field_option, f.id, o.value); !s) return s;
  }
  return ok_status();
}

Result<Id> Store::insert_component(const Component& c) {
  return insert(Sql::insert_component, c.project_id, c.name, c.description);
}

Result<Id> Store::insert_version(const Version& v) {
  return insert(Sql::insert_version, v.project_id, v.name, v.description, Id{v.released}, v.release_date);
}

Status Store::insert_link_type(const LinkType& t) {
  return exec(Sql::insert_link_type, t.id, t.name, t.inward, t.outward);
}

Result<Catalog> Store::load_catalog() {
  Catalog c;
  auto projects = rows<Project>(Sql::all_projects, [](auto& st) {
    return Project{st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)};
  });
  auto types = rows<IssueType>(Sql::all_issue_types, [](auto& st) {
    return IssueType{st.int64(0), st.text(1), st.text(2), st.int64(3) != 0, static_cast<int>(st.int64(4))};
  });
  auto statuses = rows<IssueStatus>(Sql::all_statuses, [](auto& st) {
    return IssueStatus{st.int64(0), st.text(1), st.text(2), st.text(3)};
  });
  auto transitions = rows<Transition>(Sql::all_transitions, [](auto& st) {
    Transition t{st.int64(0), st.text(1), std::nullopt, st.int64(3), {}};
    if (!st.is_null(2)) t.from = st.int64(2);
    Json screen = parse_json(st.text(4));
    if (screen.is_array()) {
      for (const Json& f : screen) {
        if (f.is_string()) t.screen_fields.push_back(f.get<std::string>());
      }
    }
    return t;
  });
  auto priorities = rows<Priority>(Sql::all_priorities, [](auto& st) {
    return Priority{st.int64(0), st.text(1), st.text(2), st.text(3)};
  });
  auto resolutions = rows<Resolution>(Sql::all_resolutions, [](auto& st) {
    return Resolution{st.int64(0), st.text(1), st.text(2)};
  });
  auto fields = rows<CustomField>(Sql::all_custom_fields, [](auto& st) {
    return CustomField{st.int64(0), st.text(1), st.text(2), st.text(3), {}};
  });
  auto options = rows<std::pair<Id, FieldOption>>(Sql::all_field_options, [](auto& st) {
    return std::make_pair(st.int64(1), FieldOption{st.int64(0), st.text(2)});
  });
  auto components = rows<Component>(Sql::all_components, [](auto& st) {
    return Component{st.int64(0), st.int64(1), st.text(2), st.text(3)};
  });
  auto versions = rows<Version>(Sql::all_versions, [](auto& st) {
    return Version{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(6), st.int64(4) != 0,
                   st.int64(5) != 0};
  });
  auto links = rows<LinkType>(Sql::all_link_types, [](auto& st) {
    return LinkType{st.int64(0), st.text(1), st.text(2), st.text(3)};
  });
  auto users = rows<User>(Sql::all_users, [](auto& st) {
    return User{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5) != 0,
                st.int64(6) != 0};
  });
  for (const Error* e : {projects ? nullptr : &projects.error(), types ? nullptr : &types.error(),
                         statuses ? nullptr : &statuses.error(), transitions ? nullptr : &transitions.error(),
                         priorities ? nullptr : &priorities.error(), resolutions ? nullptr : &resolutions.error(),
                         fields ? nullptr : &fields.error(), options ? nullptr : &options.error(),
                         components ? nullptr : &components.error(), versions ? nullptr : &versions.error(),
                         links ? nullptr : &links.error(), users ? nullptr : &users.error()}) {
    if (e) return *e;
  }
  c.projects = std::move(*projects);
  c.issue_types = std::move(*types);
  c.statuses = std::move(*statuses);
  c.transitions = std::move(*transitions);
  c.priorities = std::move(*priorities);
  c.resolutions = std::move(*resolutions);
  c.custom_fields = std::move(*fields);
  for (auto& [field_id, option] : *options) {
    for (CustomField& f : c.custom_fields) {
      if (f.id == field_id) f.options.push_back(option);
    }
  }
  c.components = std::move(*components);
  c.versions = std::move(*versions);
  c.link_types = std::move(*links);
  c.users = std::move(*users);
  return c;
}

}  // namespace twinsync::tracker
