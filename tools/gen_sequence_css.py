"""Write plugins/stacktour/assets/sequence.css from the style module.

    .venv/bin/python tools/gen_sequence_css.py

The site's CSS and the standalone files' CSS come from one template (so the classes
can never drift apart); tests fail when the committed file is out of date.
"""

from __future__ import annotations

from pathlib import Path

from stacktour.sequence.style import site_css

OUT = Path(__file__).resolve().parent.parent / "plugins" / "stacktour" / "assets" / "sequence.css"


def main() -> None:
    OUT.write_text(site_css(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
