"""The build-wide stem cache gives the search index the same stems as Sphinx's English."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.search import languages
from sphinx.search.en import SearchEnglish

import search_stem_cache

ROOT = Path(__file__).resolve().parents[2]


def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "glossary").glob("*.md")))
    return re.findall(r"[A-Za-z][A-Za-z-]+", text)


def test_stems_are_those_of_sphinx_english():
    words = _words()
    plain, remembering = SearchEnglish({}), search_stem_cache.RememberingEnglish({})
    assert [remembering.stem(w) for w in words] == [plain.stem(w) for w in words]
    assert remembering.stem("Caching") == plain.stem("Caching") == "cach"


def test_each_word_is_stemmed_once(monkeypatch):
    lang = search_stem_cache.RememberingEnglish({})
    calls = []
    real = lang.stemmer.stemWord
    monkeypatch.setattr(lang.stemmer, "stemWord", lambda w: calls.append(w) or real(w))
    words = _words()
    for word in words:
        lang.stem(word)
    assert len(calls) == len(set(words)) < len(words)


def _one_page_project(tmp_path: Path) -> Path:
    """A Sphinx project of one page that loads only this extension."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOT / 'extensions')!r})\n"
                                 "extensions = ['search_stem_cache']\n")
    (src / "index.rst").write_text("Caching\n=======\n\nCaching caches cached pages.\n")
    return src


def test_an_html_build_indexes_with_it(tmp_path):
    from sphinx.application import Sphinx

    src = _one_page_project(tmp_path)
    previous = languages["en"]
    try:
        app = Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None, warning=None)
        app.build()
        assert isinstance(app.builder.indexer.lang, search_stem_cache.RememberingEnglish)
        assert "cach" in app.builder.indexer._title_mapping  # "Caching", stemmed
    finally:
        languages["en"] = previous


def test_stems_are_kept_for_the_next_build(tmp_path):
    """A second build starts with the first build's stems (keyed by the stemmer's version)."""
    from sphinx.application import Sphinx

    src = _one_page_project(tmp_path)
    previous, known = languages["en"], search_stem_cache.RememberingEnglish.known
    try:
        Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None, warning=None).build()
        search_stem_cache.RememberingEnglish.known = {}
        app = Sphinx(src, src, tmp_path / "out", tmp_path / "doctrees", "html", status=None, warning=None)
        assert search_stem_cache.RememberingEnglish.known.get("caches") == "cach"
        app.build(force_all=True)
        assert app.builder.indexer.lang._stems["pages"] == "page"
    finally:
        languages["en"], search_stem_cache.RememberingEnglish.known = previous, known
