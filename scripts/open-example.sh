#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build, and open the GUI on
# the bundled trials example (runs measured by the trials runner; File ▸ Open
# Example has the synthetic compression example too). Without a display it
# starts under xvfb-run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${RATIOSCOPE_BUILD_DIR:-$root/build}
example="$build/datasets/${RATIOSCOPE_EXAMPLE:-trials-example}.sqlite"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "open-example: no display; running under xvfb-run (pass --screenshot OUT.png to capture it)"
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/ratioscope" "$@" "$example"
fi
exec "$build/app/ratioscope" "$@" "$example"
