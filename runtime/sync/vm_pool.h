// vm_pool.h — one VM per thread for the engine (a VM keeps its own copy of each program's
// constants, so it must not be shared between threads).
#pragma once

#include "compiler/vm/vm.h"

namespace twinsync::sync {

Vm& thread_vm();

}  // namespace twinsync::sync
