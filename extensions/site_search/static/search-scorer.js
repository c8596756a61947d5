// The site's search ranking: Sphinx's documented Scorer (html_search_scorer) with
// a score() function. Sphinx finds the results; this re-scores them so that
//   1. a glossary term or alias equal to the query        -> 1000
//   2. a page whose title equals the query (or the term an alias names,
//      or the same words once stemmed: "kv cache" ~ "KV caching") -> 900
//      a section with such a title                        -> 800
//   3. a title that contains the query as a phrase        -> 600 / 500
//   4. anything else keeps Sphinx's score (<= 100).
// Glossary tag pages (lists of terms) rank below content pages with the same title.
// Sphinx keeps its own order (ascending score, then title; the page pops the best
// first) and drops results with the same page and anchor. What it finds is set at
// build time (site_search/__init__.py): a page titled with a glossary term carries
// index entries for the term's other names, so "GIE" lists the Gateway API
// Inference Extension page (kind "index", scored here as a title match), and the
// names of one glossary entry that one query can both match share an anchor, so
// the entry is listed once.
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
  prepared: null,  // what prepare() derived from the last query
  stemmer: null,
  norm: function (text) {
    return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  },
  stems: function (text) {
    var stemmer = SiteRank.stemmer || (SiteRank.stemmer = new Stemmer());
    return SiteRank.norm(text).split(" ").filter(Boolean)
      .map(function (w) { return stemmer.stemWord(w); }).join(" ");
  },
  // The query, from the search box or the page's ?q= (Sphinx puts it in both).
  query: function () {
    var box = document.querySelector('input[name="q"]');
    var q = (box && box.value) || new URLSearchParams(window.location.search).get("q") || "";
    return q;
  },
  // Everything derived from one query, computed once per query.
  prepare: function () {
    var q = SiteRank.query();
    if (SiteRank.prepared && SiteRank.prepared.raw === q) return SiteRank.prepared;
    var nq = SiteRank.norm(q), sq = SiteRank.stems(q);
    var names = new Set([nq]), targets = new Set([sq]), matched = new Set(), exact = new Set(), byAnchor = {};
    var glossaryDoc = null, tagDir = null;
    (window.GLOSSARY_TERMS || []).forEach(function (t) {
      var page = t.url.split("#")[0];
      glossaryDoc = glossaryDoc || page.replace(/\.html$/, "");
      (t.anchors || []).forEach(function (a) { byAnchor["#" + a] = t; });
      var all = [t.term].concat(t.aka || []);
      if (all.some(function (n) { return SiteRank.norm(n) === nq || SiteRank.stems(n) === sq; })) {
        matched.add(t);
        if (all.some(function (n) { return SiteRank.norm(n) === nq; })) exact.add(t);
        all.forEach(function (n) { names.add(SiteRank.norm(n)); targets.add(SiteRank.stems(n)); });
      }
    });
    if (glossaryDoc) tagDir = glossaryDoc.replace(/[^/]*$/, "") + "tags/";
    SiteRank.prepared = { raw: q, nq: nq, sq: sq, names: names, targets: targets, matched: matched,
                        exact: exact, byAnchor: byAnchor, glossaryDoc: glossaryDoc, tagDir: tagDir };
    return SiteRank.prepared;
  },
  score: function (result) {
    var docname = result[0], title = result[1], anchor = result[2], score = result[4];
    var q = SiteRank.prepare();
    if (!q.sq) return score;
    if (docname === q.glossaryDoc && anchor.indexOf("#term-") === 0) {
      var term = q.byAnchor[anchor];
      if (term && q.matched.has(term)) return 1000 + (q.exact.has(term) ? 5 : 0);
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
    // An index entry on a content page is one of our alias entries: it counts as
    // the title match it stands for, and a query that is only part of the alias
    // ("ie" of "GIE") ranks it last.
    if (!bonus) return result[6] === "index" ? 0 : Math.min(score, 99);
    return bonus - (tag ? 350 : 0) + (section ? 0 : 1);
  },
};
