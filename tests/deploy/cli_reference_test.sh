#!/bin/bash
# The p4nf command's reference (loader/cli/cli_reference.h), needing no root and no kernel:
# every command has --help with a description and a man page that groff renders without a
# warning; `p4nf completion bash` completes subcommands, options and their values as bash
# itself runs it (COMP_WORDS/COMP_CWORD, the way `complete -F` calls it); bad uses exit 64.
# Usage: cli_reference_test.sh <p4nf>
set -u
P4NF=$1
WORK=$(mktemp -d /tmp/p4nf-cli-reference-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Every command: --help (exit 0), and a page of its own.
"$P4NF" man --dir "$WORK/man" || fail "p4nf man --dir"
COMMANDS=(up apply down status table "table dump" "table add" "table del" counter test compile
          doctor completion man)
for cmd in "" "${COMMANDS[@]}"; do
  # shellcheck disable=SC2086  # $cmd is one or two words
  "$P4NF" $cmd --help >"$WORK/help" 2>&1 || fail "p4nf $cmd --help exited $?"
  grep -q "^Usage:" "$WORK/help" || fail "p4nf $cmd --help has no usage"
  page=$WORK/man/p4nf${cmd:+-${cmd// /-}}.1
  [ -s "$page" ] || fail "no man page $page"
  # -ww: every warning; -z: no output, the warnings are what is checked.
  warnings=$(groff -man -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || fail "groff warns about $page: $warnings"
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" "SEE ALSO"; do
    grep -q "^\.SH $section" "$page" || fail "$page has no $section"
  done
  # shellcheck disable=SC2086
  "$P4NF" man $cmd | cmp -s - "$page" || fail "p4nf man $cmd differs from $page"
done
# Verbs that act say how, with examples, in --help itself (it reads like the man page).
for cmd in up apply down status table counter test compile doctor completion man; do
  "$P4NF" "$cmd" --help | grep -q "Example" || fail "p4nf $cmd --help has no examples"
done
MANWIDTH=100 man -l "$WORK/man/p4nf-up.1" 2>/dev/null | grep -q "SIGHUP" || fail "man -l p4nf-up.1"
grep -q "^\.B 64" "$WORK/man/p4nf-status.1" || fail "p4nf-status.1 lists no exit code 64"
"$P4NF" man nosuch >/dev/null 2>&1; [ $? = 64 ] || fail "p4nf man nosuch: not exit 64"
"$P4NF" completion zsh >/dev/null 2>&1; [ $? = 64 ] || fail "p4nf completion zsh: not exit 64"

# Completion, as bash calls it.
"$P4NF" completion bash >"$WORK/p4nf.bash" || fail "p4nf completion bash"
bash -n "$WORK/p4nf.bash" || fail "the completion script does not parse"
mkdir -p "$WORK/run/dep-one" "$WORK/run/dep-two" "$WORK/files"
touch "$WORK/files/edge.yaml" "$WORK/files/edge.stf"
complete_words() {  # complete_words WORD...: what completing the last word offers
  P4NF_RUN_ROOT=$WORK/run bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
    COMPREPLY=(); _p4nf; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$WORK/p4nf.bash" "$@"
}
expect_completion() {  # expect_completion "WANT" WORD...
  local want=$1; shift
  local got; got=$(complete_words "$@")
  [ "$got" = "$want" ] || fail "completing '$*': got '$got', expected '$want'"
}
expect_completion "apply " p4nf ap
expect_completion "add del dump " p4nf table ""
expect_completion "--deployment --output " p4nf table dump --
expect_completion "json text " p4nf status -o ""
expect_completion "json text " p4nf counter r.reasons --output ""
expect_completion "dep-one dep-two " p4nf status --deployment ""
expect_completion "dep-two " p4nf down --deployment dep-t
expect_completion "$WORK/files/edge.yaml " p4nf up -f "$WORK/files/edge.y"
expect_completion "$WORK/files/edge.stf " p4nf test prog.p4 "$WORK/files/edge.s"
expect_completion "--listen " p4nf up --sandbox -f x.yaml --li
expect_completion "tc xdp " p4nf test --target ""
expect_completion "bash " p4nf completion ""
# Past an option's value the command goes on: `-f FILE` is skipped, not taken for a verb.
expect_completion "--dry-run " p4nf apply -f table --dr
echo "PASS"
