"""Refresh stacktour's message catalogues from the code: every `t("...")`, `t_html("...")`
and `N_("...")` in the package's Python and every `t("...")` in its browser scripts (found
by Babel's extractors) becomes an entry of each `plugins/stacktour/i18n/messages/<code>.po`.

Translations already made are kept; new messages get an empty entry to translate; entries
no longer in the code are dropped. Line numbers are left out so that moving code does not
change the files.

    .venv/bin/python tools/i18n_catalogue.py          # update every catalogue
    .venv/bin/python tools/i18n_catalogue.py --check  # exit 1 if any would change, or any
                                                      # entry is untranslated
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "stacktour"
CATALOGUES = PACKAGE / "i18n" / "messages"
METHODS = [("**.py", "python"), ("assets/**.js", "javascript")]
KEYWORDS = {"t": None, "t_html": None, "N_": None}


def template() -> Catalog:
    """Every message the code uses, with the files it is used in."""
    catalog = Catalog(project="stacktour")
    found = extract_from_dir(str(PACKAGE), method_map=METHODS, keywords=KEYWORDS)
    for filename, lineno, message, comments, _context in found:
        catalog.add(message, locations=[(filename, lineno)], auto_comments=comments)
    return catalog


def updated(path: Path, source: Catalog) -> tuple[bytes, list[str]]:
    """The catalogue at `path` brought up to date with `source`, and its untranslated ids."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    source.creation_date = catalog.creation_date  # no date of the run: same code, same file
    catalog.update(source, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    out = io.BytesIO()
    write_po(out, catalog, include_lineno=False, sort_output=True, omit_header=False, width=100)
    missing = [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]
    return out.getvalue(), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report")
    args = parser.parse_args(argv)
    source = template()
    status = 0
    for path in sorted(CATALOGUES.glob("*.po")):
        data, missing = updated(path, source)
        if args.check:
            if data != path.read_bytes():
                print(f"{path.relative_to(ROOT)}: out of date; run tools/i18n_catalogue.py")
                status = 1
            for message in missing:
                print(f"{path.relative_to(ROOT)}: untranslated: {message!r}")
                status = 1
            continue
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(source)} messages, {len(missing)} untranslated")
    return status


if __name__ == "__main__":
    sys.exit(main())
