# Warning and sanitizer flags for project code, applied per target by twinsync_target().
add_library(twinsync_options INTERFACE)
target_compile_options(twinsync_options INTERFACE -Wall -Wextra -Wnon-virtual-dtor
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>
  # g++ 12 at -O3 reports std::string concatenation as overlapping memcpy (GCC bug 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(TWINSYNC_WERROR)
  target_compile_options(twinsync_options INTERFACE -Werror)
endif()
target_compile_definitions(twinsync_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED TWINSYNC_VERSION="${PROJECT_VERSION}")

if(TWINSYNC_FUZZ)
  # Every library is instrumented for coverage and checked by ASan/UBSan; only the fuzz targets
  # link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(TWINSYNC_SANITIZE)
  # Applied globally so that the generated parser and every test link the same runtime.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Sanitized executables are for tests only, and the suite starts them once per test (the
  # end-to-end tests start nodes and trackers too): as position-independent executables each start
  # paid the dynamic loader ~4.6 million relative relocations and ~45,000 page faults
  # (runtime_tests: 0.9 s to run one trivial test, 0.4 s linked -no-pie). The default and release
  # builds stay PIE.
  add_link_options(-no-pie)
endif()

# twinsync_target(NAME) — project code: warnings as errors, includes rooted at the repo top.
function(twinsync_target name)
  target_link_libraries(${name} PRIVATE twinsync_options)
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()

# RelWithDebInfo keeps line tables only (-g1): backtraces and profilers still name file and line,
# and a Beast-heavy translation unit compiles in 20 s instead of 29 s with full -g (measured on
# runtime/net/http_server.cpp); CI builds every file twice within its budget.
add_compile_options($<$<CONFIG:RelWithDebInfo>:-g1>)
