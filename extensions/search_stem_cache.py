"""Stem each word once per build, not once per page, for the search index.

Sphinx's ``IndexBuilder.feed`` memoises the stemmer only within one page (it
makes a new cache on every call), so the words that recur on every page are
stemmed again for each one: about 31,700 calls to the Snowball stemmer in a
clean build of this site, for far fewer distinct words. This registers, through
Sphinx's own API for search languages, an English whose ``stem`` remembers its
answers for the whole build. The index is the same (a stem depends on the word
alone); a clean serial build is about 0.4 s faster (``make bench``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish


class RememberingEnglish(SearchEnglish):
    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        try:
            return self._stems[word]
        except KeyError:
            stemmed = self._stems[word] = super().stem(word)
            return stemmed


def setup(app: Sphinx) -> dict:
    app.add_search_language(RememberingEnglish)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
