// Show a glossary term's short definition in a popup on hover and keyboard
// focus. The definition is already the link's title (native tooltip, and the
// accessible description); this only presents it better. Plain script, no
// module and no network, so it works from file:// too.
(function () {
  "use strict";
  function init() {
    var popup = document.createElement("div");
    popup.className = "term-popup";
    popup.id = "term-popup";
    popup.setAttribute("role", "tooltip");
    popup.hidden = true;
    document.body.appendChild(popup);
    var current = null;

    function show(link) {
      var text = link.getAttribute("data-short");
      if (!text) return;
      current = link;
      popup.textContent = text;
      popup.hidden = false;
      link.setAttribute("aria-describedby", "term-popup");
      var rect = link.getBoundingClientRect();
      var top = window.scrollY + rect.bottom + 6;
      var left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - popup.offsetWidth - 8));
      popup.style.top = top + "px";
      popup.style.left = left + "px";
    }
    function hide() {
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      popup.hidden = true;
    }
    document.querySelectorAll("a.term-link[title]").forEach(function (link) {
      // Keep the text in data-short and drop the title while the popup is in
      // use, so the browser does not show two tooltips at once.
      link.setAttribute("data-short", link.getAttribute("title"));
      link.setAttribute("aria-label", link.textContent + ": " + link.getAttribute("title"));
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
