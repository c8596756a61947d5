// On the search page, put a glossary card above the results when the query is
// a glossary term or one of its aliases ("LWS", "PD", "kv cache"), as CPython's
// docs do. The terms come from _static/glossary-terms.js (a plain script, so
// this also works when the site is opened from disk).
(function () {
  "use strict";
  function init() {
    var terms = window.GLOSSARY_TERMS || [];
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    if (!query) return;
    var hit = null;
    terms.forEach(function (t) {
      if (hit) return;
      var names = [t.term].concat(t.aka || []);
      if (names.some(function (n) { return n.toLowerCase() === query; })) hit = t;
    });
    if (!hit) return;
    var card = document.createElement("section");
    card.className = "glossary-card";
    card.setAttribute("aria-label", "Glossary entry");
    var head = document.createElement("p");
    var label = document.createElement("strong");
    label.textContent = "Glossary: ";
    var link = document.createElement("a");
    link.href = hit.url;
    link.textContent = hit.term;
    head.appendChild(label);
    head.appendChild(link);
    if (hit.aka && hit.aka.length) head.appendChild(document.createTextNode(" (" + hit.aka.join(", ") + ")"));
    var body = document.createElement("p");
    body.textContent = hit.short;
    card.appendChild(head);
    card.appendChild(body);
    var results = document.getElementById("search-results");
    if (results) results.parentNode.insertBefore(card, results);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
