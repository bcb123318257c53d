#!/usr/bin/env bash
# The report's browser test needs Chromium and its driver: install them with apt-get when this machine lacks them.
# `make test` runs this first, so the README's test command runs every test on a fresh machine, as CI does.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "test: chromium and chromium-driver are missing and this user cannot install them; the browser test will say so" >&2
        exit 0
    fi
fi
echo "test: installing chromium and chromium-driver for the report's browser test"
log=$(mktemp)
if ! { ${as_root[@]+"${as_root[@]}"} apt-get update -qq &&
    ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "test: could not install chromium and chromium-driver" >&2
    exit 1
fi
rm -f "$log"
