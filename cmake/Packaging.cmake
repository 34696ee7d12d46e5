# Packaging.cmake — `cpack -G DEB` in a build folder makes a Debian package: the binary, the
# systemd unit, the man page written from the CLI's own help, the docs and the examples.
include(GNUInstallDirs)

set(TWINSYNC_MAN "${CMAKE_BINARY_DIR}/man/twinsync.1")
add_custom_command(
  OUTPUT "${TWINSYNC_MAN}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_BINARY_DIR}/man"
  COMMAND "${CMAKE_COMMAND}" -DTWINSYNC=$<TARGET_FILE:twinsync> -DOUT=${TWINSYNC_MAN} -DVERSION=${PROJECT_VERSION}
          -P "${CMAKE_SOURCE_DIR}/cmake/ManPage.cmake"
  DEPENDS twinsync "${CMAKE_SOURCE_DIR}/cmake/ManPage.cmake"
  COMMENT "Writing twinsync(1) from twinsync help")
add_custom_target(man_page ALL DEPENDS "${TWINSYNC_MAN}")

install(TARGETS twinsync RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${TWINSYNC_MAN}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${CMAKE_SOURCE_DIR}/packaging/twinsync@.service" DESTINATION lib/systemd/system)
install(DIRECTORY "${CMAKE_SOURCE_DIR}/examples/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")
install(FILES "${CMAKE_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY "${CMAKE_SOURCE_DIR}/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}" FILES_MATCHING PATTERN "*.md")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "twinsync")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "two-way issue sync between trackers under compiled rules")
set(CPACK_PACKAGE_CONTACT "twinsync developers <twinsync@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the libraries the binary links
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/package")
include(CPack)
