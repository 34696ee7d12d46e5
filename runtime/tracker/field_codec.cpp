// field_codec.cpp — REST values <-> the stored form of every field kind, and the changelog
// items of a change.
#include "runtime/tracker/fields.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "runtime/tracker/richtext_bridge.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

std::string json_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return v.dump();
}

// {"id": "10000"} or {"id": 10000} or {"name": "Bug"}: the id or the name it carries.
std::optional<Id> ref_id(const Json& in) {
  if (!in.is_object() || !in.contains("id")) return std::nullopt;
  const Json& id = in["id"];
  if (id.is_number_integer()) return id.get<Id>();
  if (id.is_string()) return parse_id(id.get<std::string>());
  return std::nullopt;
}

std::optional<std::string> ref_str(const Json& in, const char* key) {
  if (in.is_object() && in.contains(key) && in[key].is_string()) return in[key].get<std::string>();
  return std::nullopt;
}

template <typename T, typename ById, typename ByName>
Result<Json> lookup(const Json& in, const std::string& what, ById by_id, ByName by_name) {
  if (auto id = ref_id(in)) {
    if (const T* t = by_id(*id)) return Json(t->id);
    return make_error(what + " with id '" + std::to_string(*id) + "' does not exist");
  }
  std::optional<std::string> name = ref_str(in, "name");
  if (!name && in.is_object()) name = ref_str(in, "value");
  if (name) {
    if (const T* t = by_name(*name)) return Json(t->id);
    return make_error(what + " name '" + *name + "' is not valid");
  }
  return make_error("Could not find valid 'id' or 'name' in " + what + " object.");
}

Result<Json> decode_user(const Json& in, const Catalog& cat) {
  if (in.is_null()) return Json(nullptr);
  std::optional<std::string> ident;
  for (const char* k : {"accountId", "name", "key", "emailAddress"}) {
    if (!ident) ident = ref_str(in, k);
  }
  if (in.is_object() && in.contains("accountId") && in["accountId"].is_null()) return Json(nullptr);
  if (in.is_object() && in.contains("name") && in["name"].is_null()) return Json(nullptr);
  if (!ident) return make_error("Specify a user as {\"accountId\": …} (or {\"name\": …} on REST v2)");
  if (const User* u = cat.user_by_any(*ident)) return Json(u->account_id);
  return make_error("User '" + *ident + "' does not exist.");
}

Result<Json> decode_option(const Json& in, const CustomField& cf) {
  if (auto id = ref_id(in)) {
    for (const FieldOption& o : cf.options) {
      if (o.id == *id) return Json(o.id);
    }
    return make_error("Option id '" + std::to_string(*id) + "' is not valid");
  }
  if (auto v = ref_str(in, "value")) {
    for (const FieldOption& o : cf.options) {
      if (o.value == *v) return Json(o.id);
    }
    return make_error("Option value '" + *v + "' is not valid");
  }
  return make_error("Specify an option as {\"value\": …} or {\"id\": …}");
}

Result<Json> decode_array(const FieldInfo& f, const Json& in, const FieldEnv& env) {
  if (in.is_null()) return Json::array();
  if (!in.is_array()) return make_error("Operation value must be an array");
  Json out = Json::array();
  for (const Json& e : in) {
    auto v = decode_element(f, e, env);
    if (!v) return v;
    if (std::find(out.begin(), out.end(), *v) == out.end()) out.push_back(*v);
  }
  return out;
}

std::string number_text(const Json& v) {
  if (!v.is_number()) return "";
  const double d = v.get<double>();
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<std::int64_t>(d));
  std::ostringstream out;
  out << d;
  return out.str();
}

}  // namespace

Result<Json> decode_element(const FieldInfo& f, const Json& in, const FieldEnv& env) {
  switch (f.kind) {
    case FieldKind::Labels: {
      if (!in.is_string() || in.get<std::string>().empty()) return make_error("Labels must be non-empty strings");
      const std::string label = in.get<std::string>();
      if (label.find_first_of(" \t\r\n") != std::string::npos) {
        return make_error("The label '" + label + "' contains spaces which is invalid.");
      }
      if (label.size() > 255) return make_error("The label '" + label.substr(0, 20) + "…' is too long.");
      return in;
    }
    case FieldKind::Components:
      return lookup<Component>(in, "Component", [&](Id id) {
        const Component* c = env.cat.component(id);
        return c && c->project_id == env.project_id ? c : nullptr;
      }, [&](const std::string& n) { return env.cat.component_by_name(env.project_id, n); });
    case FieldKind::Versions:
      return lookup<Version>(in, "Version", [&](Id id) {
        const Version* v = env.cat.version(id);
        return v && v->project_id == env.project_id ? v : nullptr;
      }, [&](const std::string& n) { return env.cat.version_by_name(env.project_id, n); });
    case FieldKind::MultiSelect:
      return decode_option(in, *f.cf);
    default:
      return make_error("Field '" + f.id + "' does not support add or remove");
  }
}

Result<Json> decode_value(const FieldInfo& f, const Json& in, const FieldEnv& env) {
  const Catalog& cat = env.cat;
  switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::Url:
      if (in.is_null() || in.is_string()) return in;
      return make_error("Operation value must be a string");
    case FieldKind::RichText:
      if (in.is_null()) return in;
      if (env.version == 2) {
        if (in.is_string()) return in;
        return make_error("Operation value must be a string");
      }
      if (in.is_string()) {
        return make_error("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
      }
      if (auto wiki = adf_to_wiki(in)) return Json(*wiki);
      else return make_error(wiki.error().message);
    case FieldKind::Number:
      if (in.is_null() || in.is_number()) return in;
      return make_error("Operation value must be a number");
    case FieldKind::IssueType:
      return lookup<IssueType>(in, "Issue type", [&](Id id) { return cat.issue_type(id); },
                               [&](const std::string& n) { return cat.issue_type_by_name(n); });
    case FieldKind::Project: {
      std::optional<std::string> ident = ref_str(in, "key");
      if (!ident) ident = ref_str(in, "id");
      if (auto id = ref_id(in)) ident = std::to_string(*id);
      if (in.is_string()) ident = in.get<std::string>();
      const Project* p = ident ? cat.project_by_key(*ident) : nullptr;
      if (!p) return make_error("Specify a valid project ID or key");
      return Json(p->id);
    }
    case FieldKind::Priority:
      if (in.is_null()) return in;
      return lookup<Priority>(in, "Priority", [&](Id id) { return cat.priority(id); },
                              [&](const std::string& n) { return cat.priority_by_name(n); });
    case FieldKind::Resolution:
      if (in.is_null()) return in;
      return lookup<Resolution>(in, "Resolution", [&](Id id) { return cat.resolution(id); },
                                [&](const std::string& n) { return cat.resolution_by_name(n); });
    case FieldKind::User:
      return decode_user(in, cat);
    case FieldKind::Labels:
    case FieldKind::Components:
    case FieldKind::Versions:
    case FieldKind::MultiSelect:
      return decode_array(f, in, env);
    case FieldKind::Select:
      if (in.is_null()) return in;
      return decode_option(in, *f.cf);
    case FieldKind::Date:
      if (in.is_null()) return in;
      if (in.is_string() && valid_date(in.get<std::string>())) return in;
      return make_error("Error parsing date string: " + json_text(in));
    case FieldKind::Parent: {
      if (in.is_null()) return in;
      auto issue = env.find_issue(in);
      if (!issue) return make_error("Could not find issue by id or key.");
      return Json(issue->id);
    }
    default:
      return make_error("Field '" + f.id + "' cannot be set. It is not on the appropriate screen, or unknown.");
  }
}

Json encode_value(const FieldInfo& f, const Json& v, const Renderer& r) {
  const Catalog& cat = r.catalog();
  auto id_of = [&](const Json& x) -> Id { return x.is_number_integer() ? x.get<Id>() : 0; };
  switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::Url:
    case FieldKind::Number:
    case FieldKind::Date:
      return v.is_null() ? Json(nullptr) : v;
    case FieldKind::RichText:
      if (!v.is_string()) return nullptr;
      return r.version() == 2 ? v : wiki_to_adf(v.get<std::string>());
    case FieldKind::IssueType: {
      const IssueType* t = cat.issue_type(id_of(v));
      return t ? r.issue_type(*t) : Json(nullptr);
    }
    case FieldKind::Project: {
      const Project* p = cat.project(id_of(v));
      return p ? r.project_ref(*p) : Json(nullptr);
    }
    case FieldKind::Status: {
      const IssueStatus* s = cat.status(id_of(v));
      return s ? r.status(*s) : Json(nullptr);
    }
    case FieldKind::Priority: {
      const Priority* p = cat.priority(id_of(v));
      return p ? r.priority(*p) : Json(nullptr);
    }
    case FieldKind::Resolution: {
      const Resolution* x = cat.resolution(id_of(v));
      return x ? r.resolution(*x) : Json(nullptr);
    }
    case FieldKind::User:
      return v.is_string() ? r.user_ref(v.get<std::string>()) : Json(nullptr);
    case FieldKind::Labels:
      return v.is_array() ? v : (f.custom ? Json(nullptr) : Json::array());
    case FieldKind::Components:
    case FieldKind::Versions: {
      Json out = Json::array();
      if (v.is_array()) {
        for (const Json& e : v) {
          if (f.kind == FieldKind::Components) {
            if (const Component* c = cat.component(id_of(e))) out.push_back(r.component(*c));
          } else if (const Version* x = cat.version(id_of(e))) {
            out.push_back(r.version_json(*x));
          }
        }
      }
      return out;
    }
    case FieldKind::Timestamp:
      return v.is_number_integer() ? Json(jira_time(v.get<std::int64_t>())) : Json(nullptr);
    case FieldKind::Select:
    case FieldKind::MultiSelect: {
      Json out = Json::array();
      for (const Json& e : v.is_array() ? v : Json::array({v})) {
        for (const FieldOption& o : f.cf->options) {
          if (o.id == id_of(e)) out.push_back(r.option(o));
        }
      }
      if (f.kind == FieldKind::Select) return out.empty() ? Json(nullptr) : out[0];
      return out.empty() ? Json(nullptr) : out;
    }
    default:
      return nullptr;
  }
}

void change_items(const FieldInfo& f, const Json& from, const Json& to, const Catalog& cat,
                  const std::function<std::string(Id)>& issue_key, Json& items) {
  std::string field = f.custom ? f.name : f.id;
  auto push = [&](Json from_id, Json from_s, Json to_id, Json to_s) {
    items.push_back(Json{{"field", field}, {"fieldtype", f.custom ? "custom" : "jira"}, {"fieldId", f.id},
                         {"from", from_id}, {"fromString", from_s}, {"to", to_id}, {"toString", to_s}});
  };
  auto id_of = [](const Json& x) -> Id { return x.is_number_integer() ? x.get<Id>() : 0; };
  auto str_or_null = [](const Json& x) { return x.is_null() ? Json(nullptr) : Json(json_text(x)); };
  auto named = [&](const Json& v) -> Json {
    if (v.is_null()) return nullptr;
    const Id id = id_of(v);
    switch (f.kind) {
      case FieldKind::IssueType: return cat.issue_type(id) ? Json(cat.issue_type(id)->name) : Json(nullptr);
      case FieldKind::Status: return cat.status(id) ? Json(cat.status(id)->name) : Json(nullptr);
      case FieldKind::Priority: return cat.priority(id) ? Json(cat.priority(id)->name) : Json(nullptr);
      case FieldKind::Resolution: return cat.resolution(id) ? Json(cat.resolution(id)->name) : Json(nullptr);
      case FieldKind::Project: return cat.project(id) ? Json(cat.project(id)->name) : Json(nullptr);
      case FieldKind::Parent: return Json(issue_key(id));
      case FieldKind::User: {
        const User* u = v.is_string() ? cat.user(v.get<std::string>()) : nullptr;
        return u ? Json(u->display_name) : Json(nullptr);
      }
      case FieldKind::Select:
        for (const FieldOption& o : f.cf->options) {
          if (o.id == id) return o.value;
        }
        return nullptr;
      default: return nullptr;
    }
  };
  switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::RichText:
    case FieldKind::Url:
      return push(nullptr, str_or_null(from), nullptr, str_or_null(to));
    case FieldKind::Number: {
      auto s = [](const Json& x) { return x.is_null() ? Json(nullptr) : Json(number_text(x)); };
      return push(nullptr, s(from), nullptr, s(to));
    }
    case FieldKind::Date: {
      auto s = [](const Json& x) { return x.is_string() ? Json(x.get<std::string>() + " 00:00:00.0") : Json(nullptr); };
      return push(str_or_null(from), s(from), str_or_null(to), s(to));
    }
    case FieldKind::Labels: {
      auto joined = [](const Json& x) {
        std::string s;
        for (const Json& l : x.is_array() ? x : Json::array()) s += (s.empty() ? "" : " ") + l.get<std::string>();
        return s;
      };
      return push(nullptr, joined(from), nullptr, joined(to));
    }
    case FieldKind::Components:
    case FieldKind::Versions: {
      field = f.id == "components" ? "Component" : f.id == "fixVersions" ? "Fix Version" : "Version";
      auto name = [&](const Json& e) -> std::string {
        if (f.kind == FieldKind::Components) return cat.component(id_of(e)) ? cat.component(id_of(e))->name : "";
        return cat.version(id_of(e)) ? cat.version(id_of(e))->name : "";
      };
      const Json a = from.is_array() ? from : Json::array(), b = to.is_array() ? to : Json::array();
      for (const Json& e : a) {
        if (std::find(b.begin(), b.end(), e) == b.end()) push(json_text(e), name(e), nullptr, nullptr);
      }
      for (const Json& e : b) {
        if (std::find(a.begin(), a.end(), e) == a.end()) push(nullptr, nullptr, json_text(e), name(e));
      }
      return;
    }
    case FieldKind::MultiSelect: {
      auto ids = [](const Json& x) {
        std::string s;
        for (const Json& e : x.is_array() ? x : Json::array()) s += (s.empty() ? "" : ",") + json_text(e);
        return s.empty() ? Json(nullptr) : Json(s);
      };
      auto values = [&](const Json& x) {
        std::string s;
        for (const Json& e : x.is_array() ? x : Json::array()) {
          for (const FieldOption& o : f.cf->options) {
            if (o.id == id_of(e)) s += (s.empty() ? "" : ",") + o.value;
          }
        }
        return s.empty() ? Json(nullptr) : Json(s);
      };
      return push(ids(from), values(from), ids(to), values(to));
    }
    case FieldKind::Parent:
      field = "Parent";
      return push(str_or_null(from), named(from), str_or_null(to), named(to));
    default:
      return push(str_or_null(from), named(from), str_or_null(to), named(to));
  }
}

}  // namespace twinsync::tracker
