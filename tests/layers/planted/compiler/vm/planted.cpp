// A wrong-way include for tests/layers/planted_test.sh: the compiler reaching up into the node.
#include "compiler/vm/value.h"
#include "runtime/node/node.h"
