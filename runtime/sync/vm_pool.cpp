// vm_pool.cpp — the engine's per-thread VM.
#include "runtime/sync/vm_pool.h"

#include "stdlib/natives.h"

namespace twinsync::sync {

Vm& thread_vm() {
  thread_local Vm vm(stdlib::natives());
  return vm;
}

}  // namespace twinsync::sync
