#!/usr/bin/env bash
# A plain clone passes its tests: clones the committed tree into a temporary folder that has
# no ../shared beside it and runs the README's test command there (with this checkout's .venv;
# the clone's own code is first on the path). Tests that need the big shared corpora skip
# with their reason; everything else must pass.
#   bash packaging/check_clone.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="$PWD/.venv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
git clone -q . "$WORK/clone"
# what install.sh fetched beside the code (citeproc-js from npm), as install.sh would in the clone
if [ -d resources/js ]; then cp -r resources/js "$WORK/clone/resources/"; fi
[ ! -e "$WORK/shared" ] || { echo "unexpected $WORK/shared" >&2; exit 1; }
cd "$WORK/clone"
PYTHONPATH="$PWD" QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
