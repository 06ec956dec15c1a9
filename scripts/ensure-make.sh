#!/bin/sh
# Makes sure `make` is installed: `sam build` runs the Makefile's build-RelayFunction target, and a
# deploy test runs that target the same way.
# Usage: scripts/ensure-make.sh   (as root, or with sudo available)
exec sh "$(dirname "$0")/ensure-command.sh" make make
