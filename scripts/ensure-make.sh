#!/bin/sh
# Makes sure `make` is installed: `sam build` runs the Makefile's build-RelayFunction target, and a
# deploy test runs that target the same way. Installs Debian's package when it is missing.
# Usage: scripts/ensure-make.sh   (as root, or with sudo available)
set -eu

if command -v make >/dev/null 2>&1; then
  echo "make present: $(make --version | head -n 1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "make is missing and apt-get is not available: install GNU make by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "make is missing: run this script as root to install it" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends make
echo "make installed: $(make --version | head -n 1)"
