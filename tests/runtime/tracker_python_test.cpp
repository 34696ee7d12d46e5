// Real clients against the embedded tracker: Debian's python3-jira drives a whole issue's life,
// and python3-jsonschema checks the responses against Atlassian's OpenAPI schemas.
#include <cstdio>

#include "tests/support/tracker_client.h"

namespace {

using twinsync::testkit::kAdminToken;
using twinsync::testkit::TrackerTest;

// Only Debian's interpreter has Debian's python3-jira and python3-jsonschema.
constexpr const char* kPython = "/usr/bin/python3";

struct PythonRun {
  int status = -1;
  std::string out;
};

PythonRun run_python(const std::string& args) {
  const std::string cmd = std::string(kPython) + " " + args + " 2>&1";
  PythonRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class TrackerPython : public TrackerTest {
 protected:
  std::string script(const std::string& name) {
    return std::string(TWINSYNC_SOURCE_DIR) + "/tests/runtime/python/" + name;
  }
};

TEST_F(TrackerPython, PythonJiraClientWorksEndToEnd) {
  PythonRun r = run_python(script("jira_client_check.py") + " " + tracker_->base_url() + " admin@example.com " + kAdminToken);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("python-jira: ok"), std::string::npos) << r.out;
}

TEST_F(TrackerPython, ResponsesMatchTheOpenApiSchemas) {
  const std::string spec = std::string(TWINSYNC_FIXTURES_DIR) + "/openapi/jira-platform-swagger-v3.v3.json";
  PythonRun r = run_python(script("openapi_check.py") + " " + spec + " " + tracker_->base_url() + " admin@example.com " +
                     kAdminToken);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(" 0 violations"), std::string::npos) << r.out;
}

}  // namespace
