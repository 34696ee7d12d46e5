// natives.cpp — assembles the host function table from the stdlib files.
#include "stdlib/natives.h"

#include "stdlib/functions/registry.h"

namespace twinsync::stdlib {

NativeTable natives() {
  static const Table table = [] {
    Table t{};
    add_text_functions(t);
    add_number_functions(t);
    add_date_functions(t);
    add_list_functions(t);
    add_sync_functions(t);
    add_jql_functions(t);
    add_richtext_functions(t);
    return t;
  }();
  return NativeTable(table.data(), table.size());
}

}  // namespace twinsync::stdlib
