#!/usr/bin/env bash
# Installs PaperDesk and everything it needs into .venv/ (Debian 12 / Ubuntu).
#   bash packaging/install.sh
# System packages: Python, venv, and the Qt runtime libraries (plus xvfb for a virtual
# screen; for the tests, desktop-file-utils and appstream validate the desktop files and
# texlive-latex-base compiles exported .bib files, strace watches for network calls).
# Python packages: CPU-only torch 2.13.0 FIRST, so that pip does not pull the
# multi-gigabyte CUDA build, then PaperDesk with its desktop, ML and test extras.
# citeproc-js (the CSL engine) comes from npm into resources/js/.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-dev \
    libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 \
    libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
    libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 \
    libxcb-xinerama0 fonts-dejavu-core xvfb xauth \
    desktop-file-utils appstream texlive-latex-base strace >/dev/null
  # npm fetches citeproc-js below (install time only; Node.js is not used at run time)
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
fi

# citeproc-js (npm package "citeproc", CPAL-1.0) into resources/js/ (ignored by git);
# PaperDesk runs it in an embedded V8 (mini-racer), offline.
CITEPROC_JS_VERSION=2.4.63
if [ ! -f resources/js/node_modules/citeproc/citeproc_commonjs.js ] \
   || ! grep -q "\"version\": \"$CITEPROC_JS_VERSION\"" resources/js/node_modules/citeproc/package.json; then
  mkdir -p resources/js
  npm install --silent --no-save --no-audit --no-fund --prefix resources/js "citeproc@$CITEPROC_JS_VERSION"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# CPU build of torch first (PIP_EXTRA_INDEX_URL may point at PyTorch's CPU wheel index).
.venv/bin/python -m pip install -q "torch==2.13.0"
.venv/bin/python -m pip install -q -e ".[all]"
echo "PaperDesk is installed in .venv/ — run: .venv/bin/paperdesk --demo"
