#!/usr/bin/env bash
# Installs the Debian 12 packages Ratioscope builds, runs and tests with.
# Idempotent: packages already present are not reinstalled and apt is not
# touched at all when nothing is missing. Needs root or sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-svg-dev libqt6svg6 libqt6sql6-sqlite libqt6sql6-psql
  libqcustomplot-dev libeigen3-dev libceres-dev libtorch-dev libcsv-dev libsqlite3-dev rapidjson-dev libpq-dev libssl-dev
  xvfb xauth fonts-dejavu-core python3 postgresql-15 slurm-wlm munge
  clang libclang-rt-14-dev
  lintian desktop-file-utils appstream   # the package test: lintian, desktop-file-validate, appstreamcli
)
# The import benchmark compares against pandas when it is present.
if [[ "${RATIOSCOPE_BENCH_DEPS:-0}" == 1 ]]; then packages+=(python3-pandas); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
