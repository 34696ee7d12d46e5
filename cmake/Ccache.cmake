# Use ccache when the machine has it: rebuilds after a branch switch cost seconds, not minutes.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # The sloppiness lets ccache cache sources compiled against a precompiled header (TWINSYNC_PCH):
  # without it every such compile is a miss, because the .gch is always newer than the cache.
  set(CMAKE_CXX_COMPILER_LAUNCHER
      "${CMAKE_COMMAND}" -E env "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "${CCACHE_PROGRAM}")
endif()
