// natives.h — the implementations of builtins.def's host functions, as the VM's table.
#pragma once

#include "compiler/vm/host.h"

namespace twinsync::stdlib {

/// Every builtin's implementation, indexed by BuiltinId. Built once; safe to share.
NativeTable natives();

}  // namespace twinsync::stdlib
