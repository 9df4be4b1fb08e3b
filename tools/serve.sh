#!/usr/bin/env bash
# Set up (see setup.sh), then build and serve the site at http://127.0.0.1:8000 with live
# reload. `--livereload` is explicit because MkDocs 1.6 turns reloading off by default
# with click 8.2.2 and newer (mkdocs/mkdocs#4032).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec .venv/bin/mkdocs serve --livereload "$@"
