"""What every browser check in this repository shares: Debian's Chromium, started the
way this machine allows (no sandbox as root, no background traffic), and a quiet static
file server on a free loopback port."""

from __future__ import annotations

import socket
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = f"{CHROMIUM} is not installed (apt-get install chromium)"


def launch(playwright: Any, *, scrollbars: bool = False) -> Any:
    """Chromium through Playwright, headless; `scrollbars`: drawn as on a desktop
    (Playwright hides them by default)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--hide-scrollbars"] if scrollbars else None,
    )


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
