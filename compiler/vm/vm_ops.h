// vm_ops.h — the value operations behind the VM's arithmetic, comparison and membership
// instructions. Each returns false with a message when the operands do not fit.
#pragma once

#include <optional>
#include <string>

#include "compiler/vm/value.h"

namespace twinsync::vmops {

bool add(const Value& a, const Value& b, Value& out, std::string& error);
bool arith(int op, const Value& a, const Value& b, Value& out, std::string& error);  // '-', '*', '/', '%'
/// -1, 0, 1; nullopt when the values are not ordered (null, different kinds).
std::optional<int> compare(const Value& a, const Value& b);
bool contains(const Value& collection, const Value& item);
Value index(const Value& base, const Value& key);

}  // namespace twinsync::vmops
