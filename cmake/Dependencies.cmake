# Every third-party dependency, found once, from Debian packages only (scripts/packages.txt).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

# ANTLR: the runtime target carries no include directory; grammar/ adds it (as SYSTEM).
find_package(antlr4-runtime CONFIG REQUIRED)
find_program(ANTLR4_TOOL antlr4 REQUIRED)

find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED CONFIG)
find_package(SQLite3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(utf8cpp CONFIG REQUIRED)
find_package(date CONFIG REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)

if(TWINSYNC_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
  find_package(rapidcheck CONFIG REQUIRED)
endif()
if(TWINSYNC_BUILD_BENCH)
  find_package(benchmark REQUIRED CONFIG)
endif()
