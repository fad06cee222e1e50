#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests if it is missing.
# Never downloads a browser build from the web: Debian packages only.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
        echo "cannot install chromium: not root and no sudo" >&2; exit 2; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
test -x /usr/bin/chromium
