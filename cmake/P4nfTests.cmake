# How p4nf's tests tell ctest what happened (docs/kernel.md, "Tests"):
#   - a test whose subject needs a kernel feature this machine lacks is SKIPPED, with the
#     reason in its output: never passed, never failed. `p4nf` exits 5 then (exit_codes.h),
#     the Python harnesses 77, GoogleTest prints "[  SKIPPED ]" (gtest_discover_tests
#     makes that a skip);
#   - a test in FORCED mode runs with P4NF_KERNEL_DENY naming features p4nf must not need
#     (loader/kernel_features.h: the probes report them missing). If p4nf needed a denied
#     feature, it reports an error (exit 2), not a missing feature, so the test fails. So
#     every machine shows that p4nf works on kernels without them, whatever it offers.
include(GoogleTest)

# What the forced tests take away: the XDP metadata area (refused by some kernels and
# missing in many drivers; chains must not need it) and live-frame test runs (refused by
# some security policies; only bench/e2e's fastest traffic source uses them).
set(P4NF_FORCED_DENY "helper:bpf_xdp_adjust_meta,test_run:xdp_live_frames")

# `p4nf test` of one STF script: exit 5 (a kernel feature the program or the test run
# needs is missing) is a skip.
function(p4nf_stf_test name)
  add_test(NAME ${name} COMMAND p4nf test ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 5)
endfunction()

# Puts tests in forced mode (see above).
function(p4nf_forced_mode)
  foreach(test IN LISTS ARGN)
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT "P4NF_KERNEL_DENY=${P4NF_FORCED_DENY}")
  endforeach()
endfunction()
