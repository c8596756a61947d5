"""No page of the built site loads anything from another host.

Parses every HTML page and every CSS file: script/img/iframe/source/video/
audio/embed/object sources, stylesheet and preload links, inline module
imports and import maps, inline style urls, and CSS url()/@import.
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)
IMPORT = re.compile(r"""\bimport\s*(?:[\w{}\s,*]+from\s*)?\(?\s*['"]([^'"]+)['"]""")
ASSET_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
               "audio": "src", "embed": "src", "object": "data", "track": "src"}
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                "manifest", "prefetch", "dns-prefetch", "preconnect"}


def remote_assets(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attr in ASSET_ATTRS.items():
        for el in soup.find_all(tag):
            for name in (attr, "srcset", "poster"):
                value = el.get(name) or ""
                if any(REMOTE.match(part.strip().split(" ")[0]) for part in value.split(",") if part.strip()):
                    found.append(f"<{tag} {name}={value}>")
    for link in soup.find_all("link"):
        rels = {r.lower() for r in link.get("rel", [])}
        if rels & LOADING_RELS and REMOTE.match(link.get("href") or ""):
            found.append(f"<link rel={' '.join(rels)} href={link.get('href')}>")
    for script in soup.find_all("script"):
        body = script.string or ""
        if script.get("type") == "importmap":
            targets = json.loads(body).get("imports", {}).values()
            found += [f"importmap -> {t}" for t in targets if REMOTE.match(t)]
        found += [f"import {spec}" for spec in IMPORT.findall(body) if REMOTE.match(spec)]
    for el in soup.find_all(style=True):
        found += [f"style url({u})" for u in CSS_URL.findall(el["style"]) if REMOTE.match(u)]
    for style in soup.find_all("style"):
        found += [f"<style> url({u})" for u in CSS_URL.findall(style.string or "") if REMOTE.match(u)]
    return found


def test_detector_catches_the_usual_suspects():
    page = """<html><head><script type="module">import mermaid from "https://cdn.example/m.mjs";</script>
    <link rel="stylesheet" href="//fonts.example/css"><script src="https://x.example/a.js"></script>
    <script type="importmap">{"imports": {"a": "https://cdn.example/a.mjs"}}</script></head>
    <body style="background:url(https://x.example/b.png)"><img src="http://x.example/c.png">
    <a href="https://fine.example/">a plain link is not an asset</a></body></html>"""
    assert len(remote_assets(page)) == 6


def test_no_page_loads_a_remote_asset(html_pages, site):
    offenders = {}
    for page in html_pages:
        found = remote_assets(page.read_text(encoding="utf-8"))
        if found:
            offenders[str(page.relative_to(site))] = found
    assert not offenders, offenders


def test_no_stylesheet_loads_a_remote_asset(site):
    offenders = {}
    for css in site.rglob("*.css"):
        found = [u for u in CSS_URL.findall(css.read_text(encoding="utf-8")) if REMOTE.match(u)]
        if found:
            offenders[str(css.relative_to(site))] = found
    assert not offenders, offenders


def test_mermaid_comes_from_the_pinned_local_bundle(site):
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["mermaid"]
    bundle = (site / "_static/vendor/mermaid/mermaid.min.js").read_text(encoding="utf-8")
    assert pinned in bundle[:5000] or f'"{pinned}"' in bundle, "bundle is not the pinned mermaid version"
    conf = (root / "conf.py").read_text()
    assert f'mermaid_version = "{pinned}"' in conf


def test_panzoom_comes_from_the_pinned_local_bundle_on_diagram_pages_only(site):
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["@panzoom/panzoom"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"@panzoom/panzoom is not pinned exactly: {pinned}"
    bundle = (site / "_static/vendor/panzoom/panzoom.min.js").read_text(encoding="utf-8")
    assert f"Panzoom {pinned}" in bundle[:500], "bundle is not the pinned @panzoom/panzoom version"
    loads = {str(p.relative_to(site)): "vendor/panzoom/panzoom.min.js" in p.read_text(encoding="utf-8")
             for p in site.rglob("*.html")}
    with_diagram = {str(p.relative_to(site)) for p in site.rglob("*.html")
                    if 'class="mermaid"' in p.read_text(encoding="utf-8")}
    assert with_diagram and all(loads[p] for p in with_diagram), "a diagram page does not load panzoom"
    assert not [p for p, loaded in loads.items() if loaded and p not in with_diagram], \
        "a page without a diagram loads panzoom"
