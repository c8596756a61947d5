// Show a glossary term's short definition in a popup on hover and keyboard
// focus. The definition is already the link's title (native tooltip, and the
// accessible description), or on the glossary page the linked entry itself;
// this only presents it better. Plain script, no
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
    // On the glossary page a link to another entry has no title: the short
    // definition is the linked entry's first paragraph, on this page.
    function shortOnPage(link) {
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) !== "#") return null;
      var node = document.getElementById(decodeURIComponent(href.slice(1)));
      while (node && node.tagName !== "DD") node = node.nextElementSibling;
      var para = node && node.querySelector(".glossary-short");
      return para ? para.textContent : null;
    }
    document.querySelectorAll("a.term-link").forEach(function (link) {
      var text = link.getAttribute("title") || shortOnPage(link);
      if (!text) return;
      // Keep the text in data-short and drop the title while the popup is in
      // use, so the browser does not show two tooltips at once.
      link.setAttribute("data-short", text);
      link.setAttribute("aria-label", link.textContent + ": " + text);
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
