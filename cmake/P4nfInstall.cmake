# What `cmake --install` puts where (docs/install.md), and the Debian package made from
# it (`cpack -G DEB` in the build folder). The installed binaries find their data relative
# to themselves (common/install_layout.h): <prefix>/bin/p4nf -> <prefix>/share/p4nf.
#
#   bin/p4nf, bin/p4nfc
#   share/p4nf/include/          core.p4, pna.p4 and the other architecture files
#   share/p4nf/nf/<name>/        each prebuilt module's <name>.p4 and README.md
#   share/p4nf/nf/common/        the P4 includes the modules share
#   share/doc/p4nf/              README.md, docs/*.md
#   share/doc/p4nf/examples/     config/*.yaml and the P4 modules they name (modules/)
include(GNUInstallDirs)

install(TARGETS p4nf p4nfc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/p4/include/ DESTINATION ${CMAKE_INSTALL_DATADIR}/p4nf/include)

# The modules' P4 sources (the loader compiles them on first use, through its cache) and
# their references; not their control planes (linked into p4nf) nor their tests.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/nf/ DESTINATION ${CMAKE_INSTALL_DATADIR}/p4nf/nf
        FILES_MATCHING PATTERN "*.p4" PATTERN "README.md" PATTERN "tests" EXCLUDE)

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The Debian package. Its dependencies come from the shared libraries the binaries
# actually link (dpkg-shlibdeps), plus what they run: cpp (p4nfc preprocesses P4 as p4c
# does) and iproute2 (the sandbox's hosts are reached with `ip netns exec`).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME p4nf)
set(CPACK_PACKAGE_VENDOR "p4nf maintainers")
set(CPACK_PACKAGE_CONTACT "p4nf maintainers <maintainers@users.noreply.h-seed-38235624.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "network functions written in P4, compiled to XDP and TC eBPF")
set(CPACK_PACKAGE_DESCRIPTION
    "p4nfc compiles P4-16 (PNA) programs straight through LLVM into XDP and TC eBPF objects; p4nf deploys them from a YAML config, alone or chained, reloads them hitlessly and reports their state. Prebuilt modules: a router (more to come).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # p4nf_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES TRUE)  # the package ships binaries without their debug info
set(CPACK_DEBIAN_PACKAGE_DEPENDS "cpp, iproute2")
include(CPack)
