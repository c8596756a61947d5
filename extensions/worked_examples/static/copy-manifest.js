// A "Copy" button on each worked-example manifest (our own ~30 lines: no
// dependency for this). navigator.clipboard needs a secure context, which a
// page opened from file:// is not, so it falls back to a hidden textarea.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  function addButtons() {
    document.querySelectorAll(".example-manifest").forEach(function (box) {
      var pre = box.querySelector("pre");
      if (!pre || box.querySelector(".example-copy")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "example-copy";
      button.textContent = "Copy";
      var file = box.querySelector(".example-manifest-caption code");
      button.setAttribute("aria-label", "Copy " + (file ? file.textContent : "manifest"));
      button.addEventListener("click", function () {
        copyText(pre.textContent).then(function () { button.textContent = "Copied"; },
                                       function () { button.textContent = "Copy failed"; });
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
      box.insertBefore(button, box.firstChild);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
