#!/usr/bin/env bash
# Install everything spcncl needs on a Debian/Ubuntu machine: Tesseract with the Vietnamese
# model, LibreOffice (headless, for .doc/.xls), fonts, then a virtualenv in .venv with spcncl.
# Idempotent: a second run only checks. ``--tests`` adds what the tests need besides: Debian's
# chromium, which the review station's browser tests drive through Playwright (no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libreoffice-writer-nogui
              libreoffice-calc-nogui poppler-utils fonts-dejavu-core fonts-liberation fonts-liberation2)
if [ "${1:-}" = "--tests" ]; then
  APT_PACKAGES+=(chromium)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> virtualenv .venv"
  "$PYTHON" -m venv .venv
fi
echo "==> pip install -e .[dev]"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[dev]'
echo "==> ready: $(.venv/bin/spcncl --help >/dev/null && echo 'spcncl OK')"
