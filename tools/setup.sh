#!/usr/bin/env bash
# Set up everything stacktour needs on a fresh Debian/Ubuntu machine: system packages
# (Graphviz, Chromium for the browser tests and for PNG/PDF exports, fonts the diagrams
# are measured with and the exports draw with, git),
# a virtual environment with the package and its test tools, and axe-core from npm.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# Exports (PNG, PDF) are drawn by Chromium: colour emoji, and the world's other scripts
# (Hebrew, Arabic, Devanagari, Thai...) beyond what DejaVu Sans covers.
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)
fc-list 2>/dev/null | grep -qi "Noto Sans Hebrew" || need+=(fonts-noto-core)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v git >/dev/null 2>&1 || need+=(git)  # stacktour sync reads sources with git
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,zh]"

if [ -f package.json ] && { [ ! -d node_modules/axe-core ] || [ ! -d node_modules/mermaid ]; }; then
  npm ci --silent --no-audit --no-fund
fi
