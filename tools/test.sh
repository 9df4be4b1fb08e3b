#!/usr/bin/env bash
# Set up (see setup.sh) and run every check: lint, types, and the whole test suite,
# browser tests in a real Chromium included.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
echo "== ruff"; .venv/bin/ruff check plugins tests tools hooks
echo "== mypy"; .venv/bin/mypy
echo "== validate"; .venv/bin/stacktour validate stacks
# The site built with Zensical as the README says (docs/guide/zensical.md).
echo "== zensical"
.venv/bin/stacktour generate
.venv/bin/zensical build --strict -f mkdocs.zensical.yml
echo "== pytest"; .venv/bin/python -m pytest -q "$@"
