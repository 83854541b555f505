#!/usr/bin/env bash
# Regenerate the README screenshots offscreen from demo mode (sandbox in-process):
#   resources/screenshots/{stock,orders}_{ar,en}.png
# Run from anywhere: resources/screenshots/make.sh   (uses the project's .venv)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
"$PY" i18n/build.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lang in ar en; do
  for view in stock orders; do
    QT_QPA_PLATFORM=offscreen "$PY" -m zid_desk --profile "$tmp/$lang-$view" --demo \
      --lang "$lang" --view "$view" --screenshot "resources/screenshots/${view}_${lang}.png"
  done
done
