#!/usr/bin/env bash
# scripts/check-layers must fail on the planted tree, naming each wrong include by file and line
# and the rule it breaks, and pass on the real tree.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(python3 scripts/check-layers --root tests/layers/planted 2>&1)
status=$?
fail() { echo "planted_test: $1"; echo "$out"; exit 1; }
[ "$status" -eq 1 ] || fail "expected exit 1, got $status"
grep -q '^compiler/vm/planted.cpp:3: error: compiler/ (layer 1, compiler) includes runtime/node/node.h (layer 6, node)' <<<"$out" ||
  fail "compiler -> runtime/node not reported"
grep -q '^runtime/net/planted.cpp:4: error: runtime/net/ (layer 3, runtime base) includes runtime/sync/engine.h' <<<"$out" ||
  fail "runtime/net -> runtime/sync not reported"
grep -q '^runtime/net/planted.cpp:5: error: SyncParser.h is ANTLR' <<<"$out" || fail "ANTLR outside compiler/parse not reported"
[ "$(grep -c ': error: ' <<<"$out")" -eq 3 ] || fail "expected exactly 3 errors (the downward includes are fine)"
echo "planted_test: ok"
