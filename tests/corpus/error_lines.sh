# Sourced by run_invalid.sh and update_goldens.sh: the one definition of what a golden holds.
#
# error_lines FILE: reads p4nfc's diagnostics on stdin and prints the first line of each
# error (`path/to/prog.p4:7:12: error: ...`) with the path reduced to its base name, so
# that goldens do not depend on where the tree is checked out. Source lines, carets,
# warnings and notes are dropped.
error_lines() {
  sed -n -E 's#^([^ :]*/)?([^/ :]+(:[0-9]+){0,2}: error: )#\2#p'
}
