"""Readable labels for source URLs (not a Sphinx extension).

A citation link says what it points at, so that a list of links makes sense on
its own and a screen reader reads more than "code": ``owner/repo path @ ref``
for GitHub, the host and path otherwise. A 40-hex commit is shortened to 7.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse, urlsplit

_GITHUB = re.compile(r"^/(?P<repo>[^/]+/[^/]+)(?:/(?:blob|tree)/(?P<ref>[^/]+)(?:/(?P<path>.*))?"
                     r"|/releases/tag/(?P<tag>[^/]+)|/(?:commit|pull)/(?P<other>[^/]+))?/?$")


def label(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc == "github.com":
        match = _GITHUB.match(parts.path)
        if match:
            repo, ref, path = match["repo"], match["ref"], match["path"]
            if ref:
                ref = ref[:7] if re.fullmatch(r"[0-9a-f]{40}", ref) else ref
                return f"{repo} {path or ''} @ {ref}".replace("  ", " ")
            if match["tag"]:
                return f"{repo} release {match['tag']}"
            if match["other"]:
                kind = "commit" if "/commit/" in parts.path else "pull request"
                other = match["other"][:7] if kind == "commit" else f"#{match['other']}"
                return f"{repo} {kind} {other}"
            return repo
    return _shorten(parts.netloc, parts.path.rstrip("/"))


def _shorten(host: str, path: str) -> str:
    """``host/path``; a long path loses whole middle segments, never its version or its last segment.

    Versioned docs put the release near the start (``/dynamo/v1.6.1/...``): the
    segments up to the first one with a digit (within the first three) are kept,
    then as many trailing segments as fit in about 50 characters.
    """
    if len(path) < 60:
        return f"{host}{path}"
    segments = path.strip("/").split("/")
    head = next((segments[:i + 1] for i, s in enumerate(segments[:3]) if re.search(r"\d", s)), [])
    tail: list[str] = []
    for segment in reversed(segments[len(head):]):
        if tail and len("/".join([segment, *tail])) > 50:
            break
        tail.insert(0, segment)
    if len(head) + len(tail) == len(segments):
        return f"{host}{path}"
    return "/".join([host, *head, "…", *tail])


def short_label(url: str) -> str:
    """A short label for table cells: the file (or repository) and the release, ``README.md @ v0.7.0``."""
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.netloc == "github.com" and len(parts) >= 4 and parts[2] in ("blob", "tree"):
        ref = parts[3]
        ref = ref[:7] if re.fullmatch(r"[0-9a-f]{40}", ref) else ref
        name = parts[-1] if len(parts) > 4 else parts[1]
        return f"{name} @ {ref}"
    if parsed.netloc == "pypi.org" and len(parts) >= 3:
        return f"PyPI {parts[1]} {parts[2]}"
    if parsed.netloc == "docs.nvidia.com" and len(parts) >= 3:
        return f"Dynamo docs {parts[1]}: {parts[-1].removesuffix('.md')}"
    return f"{parsed.netloc}: {parts[-1] if parts else ''}".rstrip(": ")
