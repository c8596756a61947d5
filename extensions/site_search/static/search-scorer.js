// The site's search ranking: Sphinx's documented Scorer (html_search_scorer) with
// a score() function. Sphinx finds the results; this re-scores them so that
//   1. a glossary term or alias equal to the query        -> 1000
//   2. a page whose title equals the query (or the term an alias names,
//      or the same words once stemmed: "kv cache" ~ "KV caching") -> 900
//      a section with such a title                        -> 800
//   3. a title that contains the query as a phrase        -> 600 / 500
//   4. anything else keeps Sphinx's score (<= 100).
// Glossary tag pages (lists of terms) rank below content pages with the same title.
// When the query is an alias ("GIE"), pages titled with the term it names are
// added to the results even if their text never uses the alias.
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: function (result) { return SiteRank.score(result); },
};

var SiteRank = {
  _query: null,
  norm: function (text) {
    return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  },
  stems: function (text) {
    var stemmer = SiteRank._stemmer || (SiteRank._stemmer = new Stemmer());
    return SiteRank.norm(text).split(" ").filter(Boolean)
      .map(function (w) { return stemmer.stemWord(w); }).join(" ");
  },
  query: function () {
    if (SiteRank.current !== undefined) return SiteRank.current;
    var box = document.querySelector('input[name="q"]');
    var q = (box && box.value) || new URLSearchParams(window.location.search).get("q") || "";
    return q;
  },
  // Everything derived from one query, computed once per query.
  prepare: function () {
    var q = SiteRank.query();
    if (SiteRank._query && SiteRank._query.raw === q) return SiteRank._query;
    var nq = SiteRank.norm(q), sq = SiteRank.stems(q);
    var names = new Set([nq]), targets = new Set([sq]), matched = new Set(), byAnchor = {};
    var glossaryDoc = null, tagDir = null;
    (window.GLOSSARY_TERMS || []).forEach(function (t) {
      var page = t.url.split("#")[0];
      glossaryDoc = glossaryDoc || page.replace(/\.html$/, "");
      (t.anchors || []).forEach(function (a) { byAnchor["#" + a] = t; });
      var all = [t.term].concat(t.aka || []);
      if (all.some(function (n) { return SiteRank.norm(n) === nq || SiteRank.stems(n) === sq; })) {
        matched.add(t);
        all.forEach(function (n) { names.add(SiteRank.norm(n)); targets.add(SiteRank.stems(n)); });
      }
    });
    if (glossaryDoc) tagDir = glossaryDoc.replace(/[^/]*$/, "") + "tags/";
    SiteRank._query = { raw: q, nq: nq, sq: sq, names: names, targets: targets, matched: matched,
                        byAnchor: byAnchor, glossaryDoc: glossaryDoc, tagDir: tagDir };
    return SiteRank._query;
  },
  score: function (result) {
    var docname = result[0], title = result[1], anchor = result[2], score = result[4];
    var q = SiteRank.prepare();
    if (!q.sq) return score;
    if (docname === q.glossaryDoc && anchor.indexOf("#term-") === 0) {
      var term = q.byAnchor[anchor];
      if (term && q.matched.has(term)) return 1000 + (SiteRank.norm(anchor.slice(6)) === q.nq ? 5 : 0);
      var phrase = " " + SiteRank.stems(term ? term.term : anchor.slice(6)) + " ";
      if (phrase.indexOf(" " + q.sq + " ") >= 0) return 300 + Math.min(score, 99);
      return Math.min(score, 99);
    }
    var own = title.split(" > ").pop();
    var section = anchor !== "" || title.indexOf(" > ") >= 0;
    var tag = q.tagDir !== null && docname.indexOf(q.tagDir) === 0;
    var stemmed = SiteRank.stems(own);
    var bonus = 0;
    if (q.targets.has(stemmed)) bonus = (section ? 800 : 900) + (q.names.has(SiteRank.norm(own)) ? 10 : 0);
    else {
      var padded = " " + stemmed + " ";
      for (var target of q.targets) {
        if (padded.indexOf(" " + target + " ") >= 0) { bonus = section ? 500 : 600; break; }
      }
    }
    if (!bonus) return Math.min(score, 99);
    return bonus - (tag ? 350 : 0) + (section ? 0 : 1);
  },
};

// Sphinx's search with the query kept for score(), and pages titled with the
// term an alias names added (scored like any other title match).
if (typeof Search !== "undefined" && Search._performSearch && !Search._siteRankWrapped) {
  Search._siteRankWrapped = true;
  var _sphinxPerformSearch = Search._performSearch;
  Search._performSearch = function (query) {
    SiteRank.current = query;
    var results = _sphinxPerformSearch.apply(Search, arguments);
    var q = SiteRank.prepare();
    var index = Search._index;
    var listed = new Set(results.filter(function (r) { return r[2] === ""; }).map(function (r) { return r[0]; }));
    index.titles.forEach(function (title, file) {
      var docname = index.docnames[file];
      if (listed.has(docname) || !q.targets.has(SiteRank.stems(title))) return;
      var item = [docname, title, "", null, 0, index.filenames[file], "title"];
      item[4] = SiteRank.score(item);
      results.push(item);
    });
    // Sphinx's order: ascending score (the page pops the best first), ties by title.
    results.sort(function (a, b) {
      if (a[4] !== b[4]) return a[4] - b[4];
      var left = a[1].toLowerCase(), right = b[1].toLowerCase();
      return left === right ? 0 : (left > right ? -1 : 1);
    });
    // A glossary entry is listed once: its term and its aliases are anchors of one
    // entry ("Mooncake" and "Mooncake Store"), so only the best-scored one stays.
    var seen = new Set();
    for (var i = results.length - 1; i >= 0; i--) {
      var r = results[i];
      var term = r[0] === q.glossaryDoc && r[2].indexOf("#term-") === 0 ? q.byAnchor[r[2]] : null;
      if (!term) continue;
      if (seen.has(term)) results.splice(i, 1);
      else seen.add(term);
    }
    return results;
  };
}
