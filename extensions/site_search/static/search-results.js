// Snippets for the search page, without fetching pages (a browser refuses
// fetch() for pages opened from disk). Each page's prose was written at build
// time to _static/search-text/<page>.js, which calls window.siteSearchText();
// only the pages among the results are loaded. A glossary hit is titled with
// the term's name and shows its short definition.
(function () {
  "use strict";
  var texts = {}, waiting = {};
  var root = document.documentElement.dataset.content_root || "";
  var suffix = (window.DOCUMENTATION_OPTIONS && DOCUMENTATION_OPTIONS.LINK_SUFFIX) || ".html";

  window.siteSearchText = function (docname, data) {
    texts[docname] = data;
    (waiting[docname] || []).forEach(function (cb) { cb(data); });
    delete waiting[docname];
  };

  function withText(docname, cb) {
    if (texts[docname]) return cb(texts[docname]);
    if (waiting[docname]) return waiting[docname].push(cb);
    waiting[docname] = [cb];
    var script = document.createElement("script");
    script.src = root + "_static/search-text/" + docname + ".js";
    document.head.appendChild(script);
  }

  function queryWords() {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var words = q.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) { return w.length > 1; });
    var stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
    var stems = stemmer ? words.map(function (w) { return stemmer.stemWord(w); }) : [];
    return { words: words, stems: stems, text: norm(q) };
  }

  // A node with the text, each query word wrapped in <span class="highlighted">.
  function highlighted(text, words) {
    var p = document.createElement("p");
    p.className = "context";
    var alternatives = words.filter(Boolean).map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    if (!alternatives.length) { p.textContent = text; return p; }
    var re = new RegExp("(" + alternatives.join("|") + ")", "gi");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) p.appendChild(document.createTextNode(text.slice(last, m.index)));
      var span = document.createElement("span");
      span.className = "highlighted";
      span.textContent = m[0];
      p.appendChild(span);
      last = m.index + m[0].length;
    }
    if (last < text.length) p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function snippet(data, anchor, q) {
    var range = anchor && data.sections[anchor];
    var text = range ? data.text.slice(range[0], range[1]) : data.text;
    var lower = text.toLowerCase();
    var at = -1;
    q.words.concat(q.stems).some(function (w) { at = lower.indexOf(w); return at >= 0; });
    // From the section's start when the word is near it, else 100 characters before the word.
    var start = at < 0 || (range && at < 200) ? 0 : Math.max(at - 100, 0);
    var body = text.substr(start, 240).trim();
    return (start > 0 ? "..." : "") + body + (start + 240 < text.length ? "..." : "");
  }

  function decorate(li, q, byAnchor, glossaryPage) {
    var link = li.querySelector("a");
    if (!link || li.dataset.decorated) return;
    li.dataset.decorated = "1";
    var href = link.getAttribute("href");
    var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#") + 1) : "";
    var path = href.split("#")[0];
    if (path === glossaryPage && byAnchor[hash]) {
      var term = byAnchor[hash];
      // The alias the hit is for: the query, when it is one (names that one query can
      // both match share an anchor: "Mooncake Store" finds #term-Mooncake), else the anchor's.
      var named = function (text) { return (term.aka || []).filter(function (a) { return norm(a) === text; })[0]; };
      var alias = named(q.text) || named(norm(hash.slice(5)));
      link.textContent = "Glossary > " + term.term + (alias ? " (" + alias + ")" : "");
      li.classList.add("glossary-hit");
      li.appendChild(highlighted(term.short, q.words));
      return;
    }
    var docname = path.slice(0, path.length - suffix.length);
    withText(docname, function (data) { li.appendChild(highlighted(snippet(data, hash, q), q.words)); });
  }

  function norm(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); }

  function init() {
    var results = document.getElementById("search-results");
    if (!results) return;
    var q = queryWords();
    var byAnchor = null, glossaryPage = null;
    var each = function () {
      if (!byAnchor) {  // the terms script is deferred too: read it when results arrive
        byAnchor = {};
        (window.GLOSSARY_TERMS || []).forEach(function (t) {
          glossaryPage = glossaryPage || t.url.split("#")[0];
          (t.anchors || []).forEach(function (a) { byAnchor[a] = t; });
        });
      }
      results.querySelectorAll("ul.search > li").forEach(function (li) { decorate(li, q, byAnchor, glossaryPage); });
    };
    new MutationObserver(each).observe(results, { childList: true, subtree: true });
    each();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
