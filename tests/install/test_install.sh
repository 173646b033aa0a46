#!/bin/bash
# p4nf without its source tree (docs/install.md): `cmake --install` into a staging folder
# (DESTDIR) and the Debian package (`cpack -G DEB`, unpacked into a root of its own), each
# then used with the source and build trees out of reach (a mount namespace in which
# empty tmpfs cover them) and a clean environment: --version, a module compiled with the
# installed p4nfc, and config/router.yaml, copied from the installed examples, deployed
# with the installed p4nf in a sandbox with traffic through it (scripts/router-demo).
# The package's metadata: its dependencies come from the libraries the binaries link.
#
#   test_install.sh <build dir> <source dir>          (needs root; 77: skipped)
set -euo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
if [ "$(id -u)" != 0 ]; then echo "needs root (namespaces, BPF); skipped"; exit 77; fi
WORK=$(mktemp -d /tmp/p4nf-install-test-XXXXXX)
TAG=inst$$
cleanup() {
  # A failed run may leave its deployment: the demo's own cleanup normally removes it.
  for ns in /run/netns/p4nf-demo-$TAG*; do
    [ -e "$ns" ] || continue
    nsenter --net="$ns" "$WORK/stage/usr/bin/p4nf" down --deployment "$(basename "$ns" | sed 's/^p4nf-demo-//')" \
      >/dev/null 2>&1 || true
    ip netns del "$(basename "$ns")" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

echo "== cmake --install (DESTDIR=$WORK/stage, prefix /usr)"
DESTDIR=$WORK/stage cmake --install "$BUILD" --prefix /usr >/dev/null
for f in usr/bin/p4nf usr/bin/p4nfc usr/share/p4nf/include/core.p4 usr/share/p4nf/include/pna.p4 \
         usr/share/p4nf/include/tc/pna.p4 usr/share/p4nf/include/dpdk/pna.p4 \
         usr/share/p4nf/nf/router/router.p4 usr/share/p4nf/nf/common/headers.p4 \
         usr/share/doc/p4nf/examples/router.yaml usr/share/doc/p4nf/README.md \
         usr/lib/systemd/system/p4nf@.service usr/share/man/man1/p4nf.1 usr/share/man/man1/p4nf-up.1 \
         usr/share/bash-completion/completions/p4nf; do
  [ -e "$WORK/stage/$f" ] || fail "cmake --install did not install $f"
done
grep -q "^ExecStart=/usr/bin/p4nf up -f /etc/p4nf/%i.yaml$" "$WORK/stage/usr/lib/systemd/system/p4nf@.service" ||
  fail "the installed unit does not run the installed p4nf"
grep -q "^complete .* p4nf$" "$WORK/stage/usr/share/bash-completion/completions/p4nf" || fail "the completion is empty"

echo "== the Debian package (cpack -G DEB)"
(cd "$BUILD" && cpack -G DEB -B "$WORK/deb" >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack"; }
deb=$(ls "$WORK"/deb/p4nf_*_*.deb)
version=$("$WORK/stage/usr/bin/p4nf" --version | awk '{print $2}')
[[ $(basename "$deb") == p4nf_${version}_$(dpkg --print-architecture).deb ]] || fail "package named $(basename "$deb")"
dpkg-deb --info "$deb" >"$WORK/info"
depends=$(sed -n 's/^ Depends: //p' "$WORK/info")
echo "Depends: $depends"
for dep in libbpf1 libllvm19 libyaml-cpp0.7 libelf1 cpp; do
  [[ ",$depends," == *", $dep"* || ",$depends," == *",$dep"* ]] || fail "the package does not depend on $dep"
done
dpkg-deb --contents "$deb" >"$WORK/contents"
for f in ./usr/bin/p4nf ./usr/bin/p4nfc ./usr/share/p4nf/include/pna.p4 ./usr/share/p4nf/nf/router/router.p4 \
         ./usr/share/p4nf/include/tc/pna.p4 ./usr/share/p4nf/include/dpdk/pna.p4 \
         ./usr/share/doc/p4nf/examples/router.yaml ./usr/lib/systemd/system/p4nf@.service \
         ./usr/share/man/man1/p4nf.1 ./usr/share/bash-completion/completions/p4nf; do
  grep -q " $f\$" "$WORK/contents" || fail "the package does not contain $f"
done
if grep -q "/tests/\|\.cpp$\|\.h$" "$WORK/contents"; then fail "the package carries sources or tests"; fi
dpkg-deb -x "$deb" "$WORK/debroot"

# The demo runs the installed p4nf; copy it out before its tree is hidden.
cp "$SRC/scripts/router-demo" "$WORK/router-demo"
for root in stage debroot; do
  echo
  echo "== the $root tree, with $SRC and $BUILD out of reach"
  sed "s/^deployment: router/deployment: $TAG$root/" "$WORK/$root/usr/share/doc/p4nf/examples/router.yaml" \
    >"$WORK/router-$root.yaml"
  # unshare -m: the tmpfs mounts vanish with the namespace; the network namespaces and
  # bpffs the demo uses are the machine's.
  unshare --mount --propagation private env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$WORK" \
    XDG_CACHE_HOME="$WORK/cache-$root" ROOT="$WORK/$root" WORK="$WORK" SRC="$SRC" BUILD="$BUILD" \
    CONFIG="$WORK/router-$root.yaml" bash -euc '
      mount -t tmpfs none "$SRC"
      case "$BUILD/" in "$SRC"/*) ;; *) mount -t tmpfs none "$BUILD" ;; esac
      [ ! -e "$SRC/README.md" ] || { echo "FAIL: the source tree is still visible"; exit 1; }
      "$ROOT/usr/bin/p4nf" --version
      "$ROOT/usr/bin/p4nfc" --version
      "$ROOT/usr/bin/p4nfc" "$ROOT/usr/share/p4nf/nf/router/router.p4" -o "$WORK/router.o"
      [ -s "$WORK/router.o" ] || { echo "FAIL: p4nfc wrote no object"; exit 1; }
      "$WORK/router-demo" "$ROOT/usr/bin/p4nf" "$CONFIG"
    ' || fail "the $root tree does not work on its own"
done
echo
echo "PASS"
