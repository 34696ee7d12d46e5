// Wrong-way includes for tests/layers/planted_test.sh: the network layer reaching up into the
// sync engine, and ANTLR outside compiler/parse.
#include "runtime/net/http.h"
#include "runtime/sync/engine.h"
#include "SyncParser.h"
