// issue_decode.h — a Jira issue (REST v2 or v3, Cloud or Data Center, from GET issue, search or a
// webhook) as an issue record of issue_shape(), field by field after fields.def's "jira" column.
#pragma once

#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/decoder.h"

namespace twinsync::jira {

struct DecodedIssue {
  Value issue;                          // a record of issue_shape()
  std::vector<DecodeWarning> warnings;  // fields skipped for their shape
};

/// Reads an issue object. Only a root that is not an object is an error; a field of an
/// unexpected shape is left null and reported in `warnings`. Custom fields land in
/// `custom` under their catalog name (their id when the catalog does not know them);
/// names and schemas sent with expand=names,schema complete the catalog.
Result<DecodedIssue> decode_issue(const Json& issue, const FieldCatalog& catalog, const DecodeOptions& options = {});

/// Whether the issue's `comment` field is one page of a longer list: Jira Cloud sends an issue's
/// comments as a page ({"comments", "startAt", "maxResults", "total"}) that can stop short of
/// `total`. Such a list must be completed from the comment resource before it is used, or the
/// comments past the page would look deleted.
bool comments_cut_short(const Json& issue);

/// The same inside a larger decode (webhooks, search pages): warnings go to `d`, paths start at
/// `path`. Null when `j` is not an object.
Value read_issue(Decoder& d, const Json& j, const std::string& path);

}  // namespace twinsync::jira
