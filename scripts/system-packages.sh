#!/bin/sh
# Install the Debian packages named as arguments when some are missing (needs root or sudo).
# Any apt error, or a package still missing afterwards, stops here with a clear message and
# a failing status, so `make run` never starts without (say) Pango.
set -u
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing_of() {
  missing=""
  for package in "$@"; do
    installed "$package" || missing="$missing $package"
  done
}
fail() {
  echo "system-packages: $1" >&2
  echo "Install them yourself (as root: apt-get install$missing), then run make again." >&2
  exit 1
}
missing_of "$@"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  fail "missing system packages:$missing, and neither root nor sudo to install them."
fi
echo "Installing system packages:$missing"
$sudo apt-get update -qq || fail "apt-get update failed (status $?); missing:$missing."
# shellcheck disable=SC2086  # one word per package
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null ||
  fail "apt-get install failed (status $?) for:$missing."
missing_of "$@"
[ -z "$missing" ] || fail "still missing after apt-get install:$missing."
