"""Where links point. The caller picks the scheme (site pages, a published base URL, or no
links at all) and every renderer asks it, so one writer serves the site and the exports.
Only http(s), relative and `#fragment` URLs are ever produced."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urlsplit

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def parse_url(url: str) -> SplitResult | None:
    """The parts of `url`, or None when it cannot be parsed.

    Every URL from a YAML file is parsed here and nowhere else: `urlsplit` raises on
    some inputs (`https://[::1` is "Invalid IPv6 URL"), and asking for `.port` raises on
    others; both are a None here, which every caller treats as refused.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


ONLY_SAFE_SCHEMES = "only http(s), relative and #fragment links"


def url_problem(url: str) -> str | None:
    """Why a link is refused, or None for http(s), relative paths and fragments; never
    javascript:, data:, file: or //host, nor a URL that does not parse or carries a user
    name or password (`user:pass@`).

    The URL is judged as a browser reads it in an attribute: character references are
    decoded first (`&#106;avascript:` is `javascript:`), and a backslash counts as a
    slash (`/\\host` is `//host`).
    """
    url = html.unescape(url)
    stripped = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    if stripped != url.strip():
        return ONLY_SAFE_SCHEMES  # control characters or embedded whitespace hide a scheme
    if stripped.startswith("\\") or stripped.replace("\\", "/").startswith("//"):
        return ONLY_SAFE_SCHEMES
    parts = parse_url(stripped.replace("\\", "/"))
    if parts is None:
        return "it is not a valid URL"
    if _SCHEME.match(stripped) and (
        parts.scheme.lower() not in ("http", "https") or not parts.hostname
    ):
        return ONLY_SAFE_SCHEMES
    if "@" in parts.netloc:
        return "a link may not carry a user name or password"
    return None


def is_safe_url(url: str) -> bool:
    """True when `url_problem` finds nothing wrong with `url`."""
    return url_problem(url) is None


def repo_url_problem(url: str) -> str | None:
    """Why a repository URL is refused, or None. Permalinks are built by appending
    `/blob/<commit>/<path>` to it, and it is shown on every layer page, so it must be a
    plain https URL of a host: no credentials, no query, no fragment, nothing hidden."""
    if _CONTROL.search(url):
        return "holds a control character"
    parts = parse_url(url)
    if parts is None:
        return "is not a valid URL"
    if parts.scheme != "https" or not parts.hostname:
        return "must be https://host/..."
    if "@" in parts.netloc:
        return "holds a user name or password (`user:pass@`); never put credentials in a URL"
    if parts.query or url.endswith("?"):
        return "has a query (`?...`); permalinks are built by adding a path to it"
    if parts.fragment or "#" in url:
        return "has a fragment (`#...`); permalinks are built by adding a path to it"
    return None


# Characters a URL may hold as typed (RFC 3986 unreserved and reserved, and `%` of an
# escape). Anything else (`"`, `<`, `>`, `\\`, space, `{`, `|`, non-ASCII, controls) is
# percent-encoded, so a base URL is the same safe string in HTML, SVG, DOT and PDF.
_URL_CHARS = "-._~:/?#[]@!$&'()*+,;=%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def base_url(value: str) -> str:
    """`value`, a link prefix, made fit for every view: characters a URL may not hold as
    typed are percent-encoded (`https://x.org/a"b/` -> `https://x.org/a%22b/`), UTF-8 for
    non-ASCII, and a `%` that starts no escape becomes `%25`.

    Raises ValueError when `value` holds a control character (tab, newline...) or the
    result is not an http(s), relative or `#` URL (see `is_safe_url`): `javascript:`,
    `data:`, `//host` and the like are refused.
    """
    if any(ch < " " or ch == "\x7f" for ch in value):
        # Browsers drop tabs and newlines from a URL: "java\tscript:" is "javascript:".
        raise ValueError(f"not an http(s) or relative URL (control character): {value!r}")
    cleaned = quote(_STRAY_PERCENT.sub("%25", value), safe=_URL_CHARS)
    if not is_safe_url(cleaned):
        raise ValueError(f"not an http(s) or relative URL: {value!r}")
    return cleaned


_PREFIX = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*/")


@dataclass(frozen=True)
class LinkScheme:
    """URLs for layers, stacks and steps.

    `base` is prefixed to page paths: "" for relative links from the site root, "../"
    from a page one level down, or an absolute published URL; it goes through
    `base_url` (percent-encoded, ValueError when not http(s) or relative). `enabled=False` gives no
    links (an export meant for a slide). `prefix` is the folder of the system the pages
    belong to in a site of several (`"mkdocs-build/"`; see systems/), `""` otherwise.
    """

    base: str = ""
    enabled: bool = True
    directory_urls: bool = True
    prefix: str = ""

    def __post_init__(self) -> None:
        # One place for every view (sequence, map, text, pages, exports): the base is
        # checked and percent-encoded here, before any renderer sees it.
        object.__setattr__(self, "base", base_url(self.base))
        if self.prefix and not _PREFIX.fullmatch(self.prefix):
            raise ValueError(f"not a system's folder: {self.prefix!r}")

    def _page(self, path: str) -> str | None:
        if not self.enabled:
            return None
        page = path + "/" if self.directory_urls else path + ".html"
        return self.base + quote(self.prefix + page)

    def stack(self, stack_id: str) -> str | None:
        return self._page(f"stacks/{stack_id}")

    def overview(self) -> str | None:
        """The system's overview: its own folder (`mkdocs-build/`), or for the stacks
        folder's own system, its Stacks page (`stacks/`)."""
        return self._index(self.prefix or "stacks/")

    def layers_index(self) -> str | None:
        return self._index(self.prefix + "layers/")

    def _index(self, folder: str) -> str | None:
        if not self.enabled:
            return None
        return self.base + quote(folder if self.directory_urls else folder + "index.html")

    def layer(self, layer_id: str) -> str | None:
        return self._page(f"layers/{layer_id}")

    def step(self, stack_id: str, number: int) -> str | None:
        page = self.stack(stack_id)
        return None if page is None else f"{page}#step-{number}"

    def frame(self, frame_id: str) -> str | None:
        layer_id, _, name = frame_id.partition(".")
        page = self.layer(layer_id)
        return None if page is None else f"{page}#frame-{name}"


def upstream_url(
    repo_url: str, commit: str, path: str, lines: tuple[int, int] | None
) -> str | None:
    """A GitHub-style permalink to a file (and its lines) at one commit; None for a
    repository without a public address (`repo_url` "")."""
    if not repo_url:
        return None
    url = f"{repo_url.rstrip('/')}/blob/{commit}/{quote(path)}"
    if lines:
        url += f"#L{lines[0]}" if lines[0] == lines[1] else f"#L{lines[0]}-L{lines[1]}"
    return url
