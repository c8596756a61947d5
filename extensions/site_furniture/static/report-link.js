// "Report an error on this page": when followed, the prefilled issue also names
// the section the reader is in (the one in the address's #fragment, else the last
// heading above the upper third of the window). The link sits at the foot of the
// page, so reaching it scrolls past the section the reader was in: while the
// link is in view, the section named is the one read last before it came into view.
(function () {
  "use strict";
  function currentSection() {
    var headings = document.querySelectorAll("article section[id] > h2, article section[id] > h3");
    var found = null;
    if (window.location.hash) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) found = target.closest("section[id]");
    }
    if (!found) {
      var line = window.innerHeight / 3;  // the heading last passed in the upper third
      headings.forEach(function (h) { if (h.getBoundingClientRect().top < line) found = h.parentElement; });
    }
    if (!found) return "";
    var h = found.querySelector("h1, h2, h3, h4");
    var name = h ? h.textContent.replace(/[¶#]\s*$/, "").trim() : "";
    return name + " (#" + found.id + ")";
  }
  var lastRead = "";
  function footInView() {
    var nav = document.querySelector(".page-actions");
    return !!nav && nav.getBoundingClientRect().top < window.innerHeight;
  }
  function remember() { if (!footInView()) lastRead = currentSection(); }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; remember(); });
  }, { passive: true });
  remember();
  function sectionToName() {
    if (window.location.hash || !footInView()) return currentSection();
    return lastRead || currentSection();
  }
  function update(link) {
    var url = new URL(link.href);
    var body = url.searchParams.get("body") || "";
    url.searchParams.set("body", body.replace(/^Section: .*$/m, "Section: " + sectionToName()));
    link.href = url.toString();
  }
  document.addEventListener("click", function (e) { var l = e.target.closest && e.target.closest("a.page-report"); if (l) update(l); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && document.activeElement && document.activeElement.matches("a.page-report")) update(document.activeElement);
  });
})();
