// custom_read.h — a custom field's JSON as a value, directed by the field's kind in the catalog
// (options to their value, users to records, dates to dates); generic when the kind is unknown.
#pragma once

#include <string>

#include "compiler/vm/value.h"
#include "runtime/jira/decoder.h"

namespace twinsync::jira {

/// The value of custom field `info` (nullptr when the catalog does not know the field).
/// A value that does not fit the field's kind is skipped with a warning.
Value read_custom(Decoder& d, const FieldInfo* info, const Json& j, const std::string& path);

}  // namespace twinsync::jira
