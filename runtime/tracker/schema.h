// schema.h — the tracker store's numbered migrations (schema.cpp).
#pragma once

#include <span>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::tracker {

std::span<const sqlite::Migration> tracker_migrations();

}  // namespace twinsync::tracker
