// schema.h — the sync store's numbered migrations.
#pragma once

#include <span>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::store {

std::span<const sqlite::Migration> migrations();

}  // namespace twinsync::store
