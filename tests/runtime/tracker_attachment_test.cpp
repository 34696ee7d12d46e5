// Attachments on the embedded tracker: multipart upload with Jira's XSRF header, limits,
// broken bodies, download from both URLs, delete, and their changelog items.
#include "runtime/net/multipart.h"
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::net::MultipartPart;
using twinsync::testkit::TrackerTest;

class TrackerAttachment : public TrackerTest {
 protected:
  twinsync::testkit::ApiResult upload(const std::string& key, const std::string& body, const std::string& type,
                                      bool xsrf = true) {
    twinsync::net::Headers h{{"Authorization", auth_}, {"Content-Type", type}};
    if (xsrf) h.emplace_back("X-Atlassian-Token", "no-check");
    return send({"POST", "/rest/api/2/issue/" + key + "/attachments", h, body});
  }
  std::string multipart(const std::vector<MultipartPart>& parts) { return twinsync::net::build_multipart("b0und", parts); }
  const std::string type = "multipart/form-data; boundary=b0und";
};

TEST_F(TrackerAttachment, UploadDownloadAndDelete) {
  const std::string key = create("files");
  const std::string bytes("PNG\0\r\n\xff binary", 15);
  auto r = upload(key, multipart({{"file", "pic.png", "image/png", {}, bytes}, {"file", "notes é.txt", "text/plain", {}, "hi"}}),
                  type);
  ASSERT_EQ(r.status, 200) << r.raw.body;
  ASSERT_EQ(r.json.size(), 2u);
  EXPECT_EQ(r.json[0]["filename"], "pic.png");
  EXPECT_EQ(r.json[0]["size"], 15);
  EXPECT_EQ(r.json[0]["mimeType"], "image/png");
  const std::string id = r.json[0]["id"];
  const std::string content = r.json[0]["content"];
  ASSERT_EQ(content, tracker_->base_url() + "/secure/attachment/" + id + "/pic.png");
  auto d1 = send({"GET", "/secure/attachment/" + id + "/pic.png", {{"Authorization", auth_}}, ""});
  EXPECT_EQ(d1.status, 200);
  EXPECT_EQ(d1.raw.body, bytes);
  EXPECT_EQ(d1.raw.header("Content-Type"), "image/png");
  auto d2 = send({"GET", "/rest/api/3/attachment/content/" + id, {{"Authorization", auth_}}, ""});
  EXPECT_EQ(d2.raw.body, bytes);
  EXPECT_EQ(call("GET", "/rest/api/3/attachment/" + id).json["filename"], "pic.png");
  auto issue = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog");
  EXPECT_EQ(issue.json["fields"]["attachment"].size(), 2u);
  EXPECT_EQ(issue.json["changelog"]["histories"][0]["items"][0]["field"], "Attachment");
  EXPECT_EQ(issue.json["changelog"]["histories"][0]["items"][0]["toString"], "pic.png");
  EXPECT_EQ(call("DELETE", "/rest/api/2/attachment/" + id).status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/attachment/" + id).status, 404);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json["fields"]["attachment"].size(), 1u);
  EXPECT_EQ(send({"GET", "/secure/attachment/" + id + "/pic.png", {}, ""}).status, 401);
}

TEST_F(TrackerAttachment, RefusesWhatJiraRefuses) {
  const std::string key = create("files");
  const std::string good = multipart({{"file", "a.txt", "text/plain", {}, "a"}});
  EXPECT_EQ(upload(key, good, type, false).status, 403);  // no X-Atlassian-Token
  EXPECT_EQ(upload(key, good, "application/json").status, 415);
  EXPECT_EQ(upload("DEMO-99", good, type).status, 404);
  EXPECT_EQ(upload(key, "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\nno end", type).status, 400);
  EXPECT_EQ(upload(key, multipart({{"comment", std::nullopt, "text/plain", {}, "no file"}}), type).status, 400);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json["fields"]["attachment"].size(), 0u);
}

TEST_F(TrackerAttachment, SizeLimitsGive413) {
  twinsync::tracker::TrackerOptions opt;
  opt.max_attachment_bytes = 1000;
  start_tracker(opt);
  const std::string key = create("files");
  auto over = upload(key, multipart({{"file", "big.bin", "application/octet-stream", {}, std::string(1500, 'x')}}), type);
  EXPECT_EQ(over.status, 413);
  EXPECT_TRUE(over.json["errorMessages"].is_array());
  auto way_over = upload(key, multipart({{"file", "huge.bin", "application/octet-stream", {}, std::string(1100 * 1024, 'x')}}), type);
  EXPECT_EQ(way_over.status, 413);  // refused by the server before the body is read
  EXPECT_EQ(upload(key, multipart({{"file", "ok.bin", "application/octet-stream", {}, std::string(900, 'x')}}), type).status, 200);
}

}  // namespace
