// Filter box for the A-Z glossary: narrows the entries to those whose term,
// aliases or short definition contain the typed text. Runs offline and from
// file://; the page works without it (the box is only added by this script).
(function () {
  "use strict";
  function init() {
    var lists = document.querySelectorAll("dl.generated-glossary, dl.glossary");
    if (!lists.length) return;
    var anchor = document.querySelector(".glossary-letters");
    if (!anchor) return;
    var label = document.createElement("label");
    label.setAttribute("for", "glossary-filter");
    label.textContent = "Filter terms: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "glossary-filter";
    input.placeholder = "e.g. LWS, KV cache, TTFT";
    input.setAttribute("autocomplete", "off");
    var count = document.createElement("span");
    count.className = "glossary-filter-count";
    count.setAttribute("aria-live", "polite");
    var box = document.createElement("p");
    box.className = "glossary-filter";
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    anchor.parentNode.insertBefore(box, anchor);

    var items = [];
    document.querySelectorAll("dl.glossary").forEach(function (dl) {
      var dts = [];
      Array.prototype.forEach.call(dl.children, function (el) {
        if (el.tagName === "DT") { dts.push(el); return; }
        if (el.tagName === "DD") {
          var text = dts.map(function (d) { return d.textContent; }).join(" ");
          var short = el.querySelector(".glossary-short");
          text += " " + (short ? short.textContent : el.textContent);
          items.push({ nodes: dts.concat([el]), text: text.toLowerCase() });
          dts = [];
        }
      });
    });
    var letters = document.querySelectorAll(".rubric.glossary-letter");

    function apply() {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var hit = !q || item.text.indexOf(q) !== -1;
        if (hit) shown++;
        item.nodes.forEach(function (n) { n.hidden = !hit; });
      });
      letters.forEach(function (rubric) {
        var dl = rubric.nextElementSibling;
        var any = dl && dl.querySelector("dd:not([hidden])");
        rubric.hidden = !!q && !any;
      });
      count.textContent = q ? shown + " of " + items.length + " entries" : "";
    }
    input.addEventListener("input", apply);
    var params = new URLSearchParams(window.location.search);
    if (params.get("filter")) { input.value = params.get("filter"); apply(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
