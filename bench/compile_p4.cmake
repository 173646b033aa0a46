# Compiles one bench P4 program with p4nfc without ever failing the build.
#
#   cmake -DP4NFC=... -DSOURCE=prog.p4 -DOUTPUT=prog.o [-DFLAGS=--lpm=trie] -P compile_p4.cmake
#
# On success OUTPUT holds the object. On failure OUTPUT is removed (so that a stale object
# is never benchmarked) and OUTPUT.log keeps p4nfc's diagnostics; p4nf_bench prints them
# and skips the P4 side of that scenario.
separate_arguments(extra_flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND ${P4NFC} ${SOURCE} ${extra_flags} -o ${OUTPUT}.tmp
                RESULT_VARIABLE status
                OUTPUT_VARIABLE output
                ERROR_VARIABLE output)
if(status EQUAL 0 AND EXISTS ${OUTPUT}.tmp)
  file(RENAME ${OUTPUT}.tmp ${OUTPUT})
  file(REMOVE ${OUTPUT}.log)
else()
  file(REMOVE ${OUTPUT} ${OUTPUT}.tmp)
  file(WRITE ${OUTPUT}.log "${output}")
  get_filename_component(name ${SOURCE} NAME)
  string(REGEX REPLACE "\n.*" "" first_line "${output}")
  message(STATUS "p4nfc cannot compile bench/programs/${name} yet: ${first_line}")
endif()
