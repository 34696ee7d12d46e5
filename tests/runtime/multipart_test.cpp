// The multipart/form-data parser: well-formed uploads, and every kind of broken body as an error.
#include <gtest/gtest.h>

#include "runtime/net/multipart.h"

namespace {

using namespace twinsync::net;

const char* kType = "multipart/form-data; boundary=XyZ";

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=x; boundary=\"a b;c\""), "a b;c");
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
}

TEST(Multipart, ParsesFilesAndFields) {
  std::string body =
      "preamble\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\n"
      "Content-Type: text/plain\r\n\r\n"
      "line1\r\nline2 --XyZ not a delimiter\r\n"
      "--XyZ  \r\n"
      "Content-Disposition: form-data; name=comment\r\n\r\n"
      "hello\r\n"
      "--XyZ--\r\nepilogue";
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "file");
  EXPECT_EQ((*parts)[0].filename, "a \"b\".txt");
  EXPECT_EQ((*parts)[0].body, "line1\r\nline2 --XyZ not a delimiter");
  EXPECT_EQ((*parts)[1].name, "comment");
  EXPECT_FALSE((*parts)[1].filename);
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].body, "hello");
}

TEST(Multipart, BinaryBodiesAndExtendedFilenames) {
  std::string bin("\0\r\n\xff--X", 7);
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                     "filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
                     "Content-Type: application/pdf\r\n\r\n" + bin + "\r\n--XyZ--";
  auto parts = parse_multipart(kType, body);
  ASSERT_TRUE(parts) << parts.error().message;
  EXPECT_EQ((*parts)[0].filename, "r\xc3\xa9sum\xc3\xa9.pdf");
  EXPECT_EQ((*parts)[0].body, bin);
}

TEST(Multipart, RoundTripsWhatItBuilds) {
  std::vector<MultipartPart> in{{"file", "x.bin", "application/octet-stream", {}, std::string(1000, '\x01')},
                                {"note", std::nullopt, "text/plain", {}, "n"}};
  std::string body = build_multipart("b0undary", in);
  auto out = parse_multipart("multipart/form-data; boundary=b0undary", body);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].body, in[0].body);
  EXPECT_EQ((*out)[0].filename, "x.bin");
  EXPECT_EQ((*out)[1].body, "n");
}

TEST(Multipart, RejectsBrokenBodies) {
  const std::string cd = "Content-Disposition: form-data; name=\"f\"\r\n\r\n";
  const std::string bad[] = {
      "",                                                   // no boundary at all
      "--XyZ\r\n",                                          // no closing delimiter
      "--XyZ\r\n" + cd + "data",                // unterminated part
      "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",         // no disposition
      "--XyZ\r\nContent-Disposition: attachment\r\n\r\nx\r\n--XyZ--",  // not form-data
      "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",   // no name
      "--XyZ\r\nbroken header line\r\n\r\nx\r\n--XyZ--",
      "--XyZ\r\nContent-Disposition: form-data; name=\"f\r\n\r\nx\r\n--XyZ--",  // open quote
      "--XyZjunk\r\n",
  };
  for (const std::string& b : bad) {
    auto r = parse_multipart(kType, b);
    EXPECT_FALSE(r) << "accepted: " << b;
    if (!r) {
      EXPECT_EQ(r.error().kind, twinsync::ErrorKind::BadMultipart);
    }
  }
  EXPECT_FALSE(parse_multipart("text/plain", "--XyZ--"));
  MultipartLimits tight;
  tight.max_parts = 1;
  std::string two = "--XyZ\r\n" + cd + "a\r\n--XyZ\r\n" + cd + "b\r\n--XyZ--";
  EXPECT_TRUE(parse_multipart(kType, two));
  EXPECT_FALSE(parse_multipart(kType, two, tight));
  tight.max_header_bytes = 10;
  EXPECT_FALSE(parse_multipart(kType, "--XyZ\r\n" + cd + "a\r\n--XyZ--", tight));
}

}  // namespace
