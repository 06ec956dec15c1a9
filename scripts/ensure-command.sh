#!/bin/sh
# Makes sure a command is installed, from Debian's package when it is missing.
# Usage: scripts/ensure-command.sh COMMAND PACKAGE   (as root, or with sudo available)
set -eu

command_name=$1
package=$2

if command -v "$command_name" >/dev/null 2>&1; then
  echo "$command_name present: $("$command_name" --version | head -n 1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$command_name is missing and apt-get is not available: install $package by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "$command_name is missing: run this script as root to install $package" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "$package"
echo "$command_name installed: $("$command_name" --version | head -n 1)"
