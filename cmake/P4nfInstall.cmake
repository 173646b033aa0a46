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
#   lib/systemd/system/p4nf@.service   the service unit, its ExecStart naming bin/p4nf
#   share/man/man1/              p4nf.1 and p4nf-<command>.1 (`p4nf man`)
#   share/bash-completion/completions/p4nf   (`p4nf completion bash`)
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

# The man pages and the bash completion are written by p4nf itself, from its own options
# and help texts (loader/cli/cli_reference.cpp), so they cannot disagree with the command.
set(P4NF_GENERATED_DOCS ${PROJECT_BINARY_DIR}/generated/share)
add_custom_command(
  OUTPUT ${P4NF_GENERATED_DOCS}/man.stamp ${P4NF_GENERATED_DOCS}/bash-completion/p4nf
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${P4NF_GENERATED_DOCS}/man1
  COMMAND p4nf man --dir ${P4NF_GENERATED_DOCS}/man1
  COMMAND ${CMAKE_COMMAND} -E make_directory ${P4NF_GENERATED_DOCS}/bash-completion
  COMMAND p4nf completion bash > ${P4NF_GENERATED_DOCS}/bash-completion/p4nf
  COMMAND ${CMAKE_COMMAND} -E touch ${P4NF_GENERATED_DOCS}/man.stamp
  DEPENDS p4nf
  COMMENT "p4nf: man pages and bash completion")
add_custom_target(p4nf_reference_docs ALL DEPENDS ${P4NF_GENERATED_DOCS}/man.stamp)
install(DIRECTORY ${P4NF_GENERATED_DOCS}/man1 DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${P4NF_GENERATED_DOCS}/bash-completion/p4nf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# The service unit (docs/fleet.md). Its ExecStart names the installed p4nf, and the prefix
# is only known when installing (cpack installs under /usr, `cmake --install --prefix`
# wherever it is told), so the unit is written then. systemd reads units from
# /usr/lib/systemd/system and /usr/local/lib/systemd/system alike.
install(CODE "set(p4nf_unit_source \"${PROJECT_SOURCE_DIR}/deploy/systemd/p4nf@.service\")
              set(p4nf_unit_staged \"${PROJECT_BINARY_DIR}/generated/p4nf@.service\")
              set(p4nf_bindir \"${CMAKE_INSTALL_BINDIR}\")")
install(CODE [[
  file(READ "${p4nf_unit_source}" unit)
  string(REPLACE "/usr/local/bin/p4nf " "${CMAKE_INSTALL_PREFIX}/${p4nf_bindir}/p4nf " unit "${unit}")
  file(WRITE "${p4nf_unit_staged}" "${unit}")
  file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system" TYPE FILE FILES "${p4nf_unit_staged}")
]])

# The Debian package. Its dependencies come from the shared libraries the binaries
# actually link (dpkg-shlibdeps), plus what they run: cpp (p4nfc preprocesses P4 as p4c
# does) and iproute2 (the sandbox's hosts are reached with `ip netns exec`).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME p4nf)
set(CPACK_PACKAGE_VENDOR "p4nf maintainers")
set(CPACK_PACKAGE_CONTACT "p4nf maintainers <maintainers@users.noreply.h-seed-38235624.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "network functions written in P4, compiled to XDP and TC eBPF")
set(CPACK_PACKAGE_DESCRIPTION
    "p4nfc compiles P4-16 (PNA) programs straight through LLVM into XDP and TC eBPF objects; p4nf deploys them from a YAML config, alone or chained, reloads them hitlessly and reports their state. Prebuilt modules: router, switch, conntrack (more to come).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # p4nf_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES TRUE)  # the package ships binaries without their debug info
set(CPACK_DEBIAN_PACKAGE_DEPENDS "cpp, iproute2")
include(CPack)
