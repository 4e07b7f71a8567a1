#!/usr/bin/env bash
# Builds the desktop bundle: a PyInstaller one-folder app in build/bundle/dist/paperdesk/,
# then smoke-tests it: the window starts offscreen on the demo library (which imports the
# sample) and paints, then the bundled command line lists and exports the sample to HTML.
#   bash packaging/build_bundle.sh
# The bundle holds the core and the window; automatic tagging (torch/ONNX, gigabytes) is left
# out: the bundled app says "tagging is off" and everything else works. PyInstaller (GPL-2.0
# with its bootloader exception: the bundle itself may carry any licence) is installed into a
# build-only virtualenv, never into .venv or the package's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
OUT="$PWD/build/bundle"
VENV="$OUT/venv"
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q "pyinstaller>=6,<7" ".[gui]"
ENTRY="$PWD/packaging/paperdesk_bundle.py"
# from the build folder: the checkout's paperdesk/ must not shadow the installed package
cd "$OUT"
"$VENV/bin/python" -m PyInstaller --noconfirm --onedir --name paperdesk \
  --distpath "$OUT/dist" --workpath "$OUT/work" --specpath "$OUT" \
  --collect-data paperdesk.resources --hidden-import paperdesk.resources \
  --collect-data citeproc --collect-data pylatexenc \
  --collect-submodules paperdesk \
  --exclude-module torch --exclude-module sentence_transformers --exclude-module keybert \
  --exclude-module onnxruntime --exclude-module onnx --exclude-module transformers \
  --exclude-module numpy --exclude-module pandas --exclude-module tkinter \
  "$ENTRY" >"$OUT/pyinstaller.log" 2>&1 \
  || { tail -30 "$OUT/pyinstaller.log" >&2; exit 1; }
APP="$OUT/dist/paperdesk/paperdesk"

# smoke test, in a private home and an empty folder (nothing of the checkout is used)
SMOKE="$(mktemp -d)"
trap 'rm -rf "$SMOKE"' EXIT
cd "$SMOKE"
export HOME="$SMOKE/home" XDG_DATA_HOME="$SMOKE/home/data" XDG_CONFIG_HOME="$SMOKE/home/config" \
       XDG_CACHE_HOME="$SMOKE/home/cache" QT_QPA_PLATFORM=offscreen
unset PYTHONPATH PAPERDESK_LIBRARY
painted="$(PAPERDESK_FIRST_PAINT=1 timeout 300 "$APP" --demo)"
case "$painted" in first-paint*) ;; *) echo "the window did not paint: $painted" >&2; exit 1;; esac
listed="$("$APP" --demo list | wc -l)"
[ "$listed" -ge 98 ] || { echo "the demo library lists $listed papers" >&2; exit 1; }
"$APP" --demo export --format html --style apa -o "$SMOKE/demo.html"
grep -q "Mutual Reinforcement Effect" "$SMOKE/demo.html" \
  || { echo "the HTML export lacks the sample's first paper" >&2; exit 1; }
echo "bundle OK: $(du -sh "$OUT/dist/paperdesk" | cut -f1) in $OUT/dist/paperdesk;" \
     "window painted ($painted), $listed papers listed, HTML exported"
