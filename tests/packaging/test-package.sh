#!/usr/bin/env bash
# The Debian package as a lab admin would meet it: `cpack -G DEB` from a
# build folder, checked by lintian (no errors), desktop-file-validate and
# appstreamcli; installed on this machine with apt-get; the installed
# programs run from /usr/bin (the CLI, its trials helper, the GUI's
# --screenshot under the offscreen platform, and the bundled example opened
# read-only by an unprivileged user); then removed. Whatever fails, the trap
# leaves the machine's packages as they were.
#   test-package.sh BUILD_DIR
# Needs root (apt-get); exits 77 (CTest: skipped) without it.
set -euo pipefail
build=$(realpath "$1")
if [[ $(id -u) != 0 ]]; then echo "test-package: skipped: installing a package needs root"; exit 77; fi
for tool in cpack dpkg-shlibdeps lintian desktop-file-validate appstreamcli runuser; do
  command -v "$tool" >/dev/null || { echo "test-package: $tool is missing (scripts/install-deps.sh installs it)"; exit 1; }
done
installed() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" {print $2}' | sort; }
if installed | grep -qx ratioscope; then
  echo "test-package: a ratioscope package is installed already; this test installs and removes its own, so remove that one first"
  exit 1
fi
before=$(installed)
work=$(mktemp -d /tmp/ratioscope-package.XXXXXX)
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq "$@"; }
cleanup() {
  local rc=$?
  if installed | grep -qx ratioscope; then apt_get purge ratioscope >/dev/null || rc=1; fi
  # Anything the install pulled in goes too.
  local added
  added=$(comm -13 <(echo "$before") <(installed))
  if [[ -n $added ]]; then apt_get purge $added >/dev/null || rc=1; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
step() { printf 'test-package: %-52s (%3d s)\n' "$1" "$SECONDS"; }

step "building the package"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
debs=("$work"/out/ratioscope_*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || { echo "test-package: expected one ratioscope_*.deb, found: ${debs[*]}"; exit 1; }
deb=${debs[0]}
echo "test-package: $(basename "$deb"), $(( $(stat -c %s "$deb") / 1024 / 1024 )) MiB"

step "checking what it installs and depends on"
outside=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep -v -E '^\./(usr/.*)?$' || true)
[[ -z $outside ]] || { echo "test-package: files outside /usr:"; echo "$outside"; exit 1; }
for f in ./usr/bin/ratioscope ./usr/bin/ratioscope-cli ./usr/bin/ratioscope-trial ./usr/libexec/ratioscope/ratioscope-cli-trial \
         ./usr/share/doc/ratioscope/copyright ./usr/share/doc/ratioscope/changelog.gz ./usr/share/applications/ratioscope.desktop \
         ./usr/share/metainfo/io.github.ratioscope.Ratioscope.metainfo.xml ./usr/share/ratioscope/datasets/trials-example.sqlite; do
  dpkg-deb -c "$deb" | awk '{print $6}' | grep -qx -- "$f" || { echo "test-package: the package lacks $f"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "test-package: Depends: $depends"
for lib in libqt6widgets6 libqt6svg6 libpq5 libsqlite3-0 libtorch; do
  grep -q "$lib" <<<"$depends" || { echo "test-package: Depends lacks $lib (dpkg-shlibdeps)"; exit 1; }
done

step "lintian (fails on errors)"
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.log" || { echo "test-package: lintian found errors"; exit 1; }

step "desktop-file-validate and appstreamcli validate"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/ratioscope.desktop"
appstreamcli validate --no-net --pedantic "$work/root/usr/share/metainfo/io.github.ratioscope.Ratioscope.metainfo.xml"

step "apt-get install ./$(basename "$deb")"
(cd "$work/out" && apt_get install "./$(basename "$deb")" >"$work/apt.log" 2>&1) || { cat "$work/apt.log"; exit 1; }

step "running the installed programs from /usr/bin"
version=$(/usr/bin/ratioscope-cli --version)
echo "test-package: $version"
grep -q '^ratioscope-cli [0-9]' <<<"$version" || { echo "test-package: unexpected --version output"; exit 1; }
/usr/bin/ratioscope-trial --version
# The trials helper is found in /usr/libexec/ratioscope.
/usr/bin/ratioscope-cli trial --list | grep -q '^LibTorch' || { echo "test-package: ratioscope-cli trial --list failed"; exit 1; }
example=/usr/share/ratioscope/datasets/trials-example.sqlite
chmod 755 "$work"
mkdir -m 777 "$work/shots"
export QT_QPA_PLATFORM=offscreen
/usr/bin/ratioscope "$example" --screenshot "$work/shots/root.png"
# A user who cannot write /usr/share opens the installed example read-only
# (issue #17: an immutable open), in the CLI and in the GUI.
runs=$(runuser -u nobody -- /usr/bin/ratioscope-cli runs --input "$example" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["runs"]))' || echo 0)
(( runs > 0 )) || { echo "test-package: nobody could not read the installed example"; exit 1; }
echo "test-package: nobody read $runs runs from $example"
runuser -u nobody -- env QT_QPA_PLATFORM=offscreen /usr/bin/ratioscope "$example" --screenshot "$work/shots/nobody.png"
for shot in root nobody; do
  [[ $(head -c 8 "$work/shots/$shot.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || { echo "test-package: $shot.png is not a PNG"; exit 1; }
done

step "removing it"
apt_get purge ratioscope >/dev/null
[[ ! -e /usr/bin/ratioscope-cli ]] || { echo "test-package: /usr/bin/ratioscope-cli is still there after purge"; exit 1; }
step "done"
