#!/usr/bin/env bash
# System packages the test suite needs beyond the Python lock file, installed only when missing:
#   chromium + chromium-driver (Debian) for the real-browser UI test (tests/app/test_browser.py).
# Non-interactive and quiet; needs root (or password-less sudo). Without them it says so and the
# browser test skips with that reason.
set -euo pipefail

packages=(chromium chromium-driver)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver && ${#missing[@]} -eq 0 ]]; then
  echo "test prerequisites: ok"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test prerequisites: apt-get not found; install chromium and chromedriver yourself (the browser test skips without them)" >&2
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "test prerequisites: missing ${missing[*]}; run as root: apt-get install chromium chromium-driver (the browser test skips without them)" >&2
  exit 0
fi

echo "test prerequisites: installing ${missing[*]} (apt-get)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0 "$@" >>"$log" 2>&1; }
if ! apt install --no-install-recommends "${missing[@]}"; then
  # the package lists may be empty or stale (a fresh machine): refresh them once and retry
  if ! { apt update && apt install --no-install-recommends "${missing[@]}"; }; then
    cat "$log" >&2
    echo "test prerequisites: could not install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "test prerequisites: ok ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
