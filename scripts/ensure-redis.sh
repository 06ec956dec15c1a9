#!/bin/sh
# Makes sure `redis-server` is installed: the fleet tests and the bench's fleet case start their
# own (on a free 127.0.0.1 port, no persistence). Installs Debian's package when it is missing.
# Usage: scripts/ensure-redis.sh   (as root, or with sudo available)
set -eu

if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(redis-server --version | head -n 1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and apt-get is not available: install Redis 6 or later by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "redis-server is missing: run this script as root to install it" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends redis-server
# The package may start a system-wide service; the tests do not use it, so it is left as it is.
echo "redis-server installed: $(redis-server --version | head -n 1)"
