// The full-screen view for diagrams drawn at build time (extension mermaid_prerender).
// Same markup and behaviour as sphinxcontrib-mermaid's (whose script, with the Mermaid
// bundle, is not loaded on these pages): the button beside each diagram opens a modal
// (.mermaid-fullscreen-modal.active) holding a copy of the diagram; Escape, the close
// button or a click beside the diagram shuts it. diagram_zoom adds pan and zoom.
(() => {
  "use strict";
  let modal = null;
  let content = null;
  let scrolled = [0, 0];

  const close = () => {
    if (!modal || !modal.classList.contains("active")) return;
    modal.classList.remove("active");
    content.replaceChildren();
    document.body.style.overflow = "";
    window.scrollTo({ left: scrolled[0], top: scrolled[1], behavior: "instant" });
  };

  const build = () => {
    modal = document.createElement("div");
    modal.className = "mermaid-fullscreen-modal";
    modal.setAttribute("role", "dialog");
    modal.setAttribute("aria-modal", "true");
    modal.setAttribute("aria-label", "Fullscreen diagram viewer");
    const shut = document.createElement("button");
    shut.type = "button";
    shut.className = "mermaid-fullscreen-close";
    shut.setAttribute("aria-label", "Close fullscreen");
    shut.textContent = "\u2715";
    shut.addEventListener("click", close);
    content = document.createElement("div");
    content.className = "mermaid-container-fullscreen";
    modal.append(shut, content);
    modal.addEventListener("click", (event) => { if (event.target === modal) close(); });
    document.body.append(modal);
  };

  const open = (button) => {
    const diagram = button.parentElement.querySelector(":scope > pre.mermaid");
    if (!diagram) return;
    scrolled = [window.scrollX, window.scrollY];
    const copy = diagram.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("svg").forEach((svg) => {
      svg.removeAttribute("width");
      svg.removeAttribute("height");
      svg.style.minWidth = "";
    });
    content.replaceChildren(copy);
    modal.classList.add("active");
    document.body.style.overflow = "hidden";
  };

  const start = () => {
    build();
    // Listeners on the buttons themselves run before diagram_zoom's (on the document),
    // which expects the view to be open already.
    document.querySelectorAll(".mermaid-container > .mermaid-fullscreen-btn").forEach((button) => {
      button.addEventListener("click", () => open(button));
    });
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && modal && modal.classList.contains("active")) close();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
