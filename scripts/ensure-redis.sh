#!/bin/sh
# Makes sure `redis-server` is installed: the fleet tests and the bench's fleet case start their
# own (on a free 127.0.0.1 port, no persistence). Debian's package may start a system-wide
# service; the tests do not use it, so it is left as it is.
# Usage: scripts/ensure-redis.sh   (as root, or with sudo available)
exec sh "$(dirname "$0")/ensure-command.sh" redis-server redis-server
