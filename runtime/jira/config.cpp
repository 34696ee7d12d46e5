// config.cpp — credentials, their header and their redaction forms.
#include "runtime/jira/config.h"

#include "compiler/support/encoding.h"

namespace twinsync::jira {

Secret::~Secret() {
  // Overwrite before the allocator reuses the memory; volatile keeps the stores.
  volatile char* p = value_.data();
  for (size_t i = 0; i < value_.size(); ++i) p[i] = 0;
}

Credentials Credentials::basic(std::string user, std::string token) {
  Credentials c;
  c.kind = Kind::Basic;
  c.user = std::move(user);
  c.secret = Secret(std::move(token));
  return c;
}

Credentials Credentials::bearer(std::string token) {
  Credentials c;
  c.kind = Kind::Bearer;
  c.secret = Secret(std::move(token));
  return c;
}

std::string Credentials::authorization() const {
  switch (kind) {
    case Kind::None: return {};
    case Kind::Basic: return "Basic " + base64_encode(user + ":" + secret.reveal());
    case Kind::Bearer: return "Bearer " + secret.reveal();
  }
  return {};
}

std::vector<std::string> Credentials::secret_forms() const {
  std::vector<std::string> forms;
  if (secret.empty()) return forms;
  forms.push_back(secret.reveal());
  if (kind == Kind::Basic) forms.push_back(base64_encode(user + ":" + secret.reveal()));
  return forms;
}

Status validate_config(const JiraConfig& config) {
  const std::string& url = config.base_url;
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const auto host_start = url.find("://") + 3;
  if (!http || url.size() <= host_start || url[host_start] == '/') {
    return make_error("jira: base URL must look like https://host[/path], got \"" + url + "\"", ErrorKind::Config);
  }
  const auto authority_end = url.find_first_of("/?#", host_start);
  if (url.substr(host_start, authority_end - host_start).find('@') != std::string::npos) {
    // The URL is printed in messages; credentials in it would leak there.
    return make_error("jira: put credentials in the credentials, not in the base URL", ErrorKind::Config);
  }
  if (config.api_version != 0 && config.api_version != 2 && config.api_version != 3) {
    return make_error("jira: api version must be 2 or 3", ErrorKind::Config);
  }
  if (config.flavour == FlavourSetting::DataCenter && config.api_version == 3) {
    return make_error("jira: Data Center has no REST v3; use api version 2", ErrorKind::Config);
  }
  return ok_status();
}

}  // namespace twinsync::jira
