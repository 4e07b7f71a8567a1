#!/usr/bin/env bash
# Builds the wheel, installs it into a fresh virtualenv (core dependencies only, no source
# tree on the path) and checks that the installed program finds its shipped resources:
# `paperdesk --demo list` imports the sample library, an HTML export formats it with a CSL style.
#   bash packaging/check_wheel.sh            (uses .venv/bin/python to build; pip's cache is reused)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$PY" -m pip wheel -q --no-deps -w "$WORK/dist" . >/dev/null
WHEEL="$(ls "$WORK"/dist/paperdesk-*.whl)"
"$PY" -m zipfile -l "$WHEEL" >"$WORK/contents.txt"
for needed in paperdesk/resources/sample-library.txt paperdesk/resources/sample-acl.jsonl \
              paperdesk/resources/csl/apa.csl \
              paperdesk/resources/csl/locales/locales-en-US.xml paperdesk/resources/icons/paperdesk.svg; do
  grep -q "^$needed " "$WORK/contents.txt" || { echo "wheel lacks $needed" >&2; exit 1; }
done

"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WHEEL"
# run from an empty folder with a private home, so nothing of the checkout or the user is used
mkdir -p "$WORK/home" "$WORK/run"
cd "$WORK/run"
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/data" XDG_CONFIG_HOME="$WORK/home/config" \
       XDG_CACHE_HOME="$WORK/home/cache"
unset PYTHONPATH PAPERDESK_LIBRARY
listed="$("$WORK/venv/bin/paperdesk" --demo list | wc -l)"
[ "$listed" -ge 98 ] || { echo "paperdesk --demo list printed $listed lines" >&2; exit 1; }
"$WORK/venv/bin/paperdesk" --demo export --format html --style apa -o "$WORK/run/demo.html"
grep -q "Mutual Reinforcement Effect" "$WORK/run/demo.html" \
  || { echo "the HTML export lacks the sample's first paper" >&2; exit 1; }
echo "wheel OK: $(basename "$WHEEL") installs, lists the $listed-line demo and exports HTML"
