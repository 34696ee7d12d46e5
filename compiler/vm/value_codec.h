// value_codec.h — the compact binary form of values: how replicas are stored and how constants
// sit in bytecode files. Decoding checks every length and never trusts the input.
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/bytes.h"
#include "compiler/support/result.h"
#include "compiler/vm/value.h"

namespace twinsync {

void encode_value(const Value& v, ByteWriter& out);
std::string encode_value(const Value& v);

Result<Value> decode_value(ByteReader& in);
/// Decodes a whole buffer holding exactly one value.
Result<Value> decode_value(std::string_view bytes);

}  // namespace twinsync
