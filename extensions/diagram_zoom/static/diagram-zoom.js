// Pan and zoom in the full-screen diagram view (extension diagram_zoom).
// sphinxcontrib-mermaid builds the view: a button beside each diagram opens a
// modal (.mermaid-fullscreen-modal.active) holding a copy of the diagram, and
// Escape or the close button shuts it. This script attaches Panzoom (the pinned
// @panzoom/panzoom, a global from panzoom.min.js) to that copy each time the view
// opens: wheel, drag and pinch come from Panzoom; the keys and buttons from here.
(() => {
  "use strict";
  const STEP = 0.3;
  const PAN = 60; // px per arrow key press
  let current = null; // {pz, modal, opener, observer, toolbar, onWheel}

  const close = () => {
    if (!current) return;
    const { pz, observer, toolbar, opener, area, onWheel } = current;
    current = null;
    observer.disconnect();
    area.removeEventListener("wheel", onWheel);
    pz.destroy();
    toolbar.remove();
    if (opener && opener.isConnected) opener.focus();
  };

  const button = (label, text, action) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "diagram-zoom-btn";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  };

  const open = (opener) => {
    close();
    const modal = document.querySelector(".mermaid-fullscreen-modal.active");
    const area = modal && modal.querySelector(".mermaid-container-fullscreen");
    const target = area && area.querySelector("pre.mermaid");
    if (!target || typeof Panzoom !== "function") return;
    const svg = target.querySelector("svg");
    const title = svg && svg.querySelector(":scope > title");
    modal.setAttribute("aria-label", `Diagram: ${title ? title.textContent : "full screen"}`);
    area.classList.add("diagram-zoom-area");
    area.tabIndex = -1;
    const pz = Panzoom(target, { maxScale: 10, minScale: 0.5, step: STEP, canvas: true, cursor: "grab" });
    const onWheel = (event) => pz.zoomWithWheel(event);
    area.addEventListener("wheel", onWheel, { passive: false });
    const toolbar = document.createElement("div");
    toolbar.className = "diagram-zoom-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Zoom");
    toolbar.append(
      button("Zoom in (+)", "+", () => pz.zoomIn()),
      button("Zoom out (-)", "\u2212", () => pz.zoomOut()),
      button("Reset zoom (0)", "0", () => pz.reset()),
    );
    const hint = document.createElement("span");
    hint.className = "diagram-zoom-hint";
    hint.textContent = "Wheel, pinch or + \u2212 to zoom; drag or arrow keys to pan; 0 resets; Esc closes";
    toolbar.append(hint);
    modal.append(toolbar);
    // The view is closed by sphinxcontrib-mermaid (Escape, close button, backdrop):
    // notice it by the modal losing its "active" class.
    const observer = new MutationObserver(() => {
      if (!modal.classList.contains("active") || !modal.isConnected) close();
    });
    observer.observe(modal, { attributes: true, attributeFilter: ["class"] });
    current = { pz, modal, opener, observer, toolbar, area, onWheel };
    area.focus({ preventScroll: true });
  };

  // On a narrow screen a diagram is not shrunk below the scale at which its
  // smallest label is still 11 px; its box scrolls sideways instead of the page
  // (CSS: overflow-x on pre.mermaid). Mermaid (re)draws diagrams after load and
  // on a theme change, so each new SVG is handled as it appears.
  const MIN_LABEL_PX = 11;
  const keepReadable = (svg) => {
    const width = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    let smallest = Infinity;
    svg.querySelectorAll("text, foreignObject span, foreignObject p").forEach((el) => {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size > 0 && el.textContent.trim()) smallest = Math.min(smallest, size);
    });
    if (width && smallest < Infinity) {
      svg.style.minWidth = `${Math.ceil(width * Math.min(1, MIN_LABEL_PX / smallest))}px`;
    }
  };
  const watchDiagrams = () => {
    document.querySelectorAll("pre.mermaid > svg").forEach(keepReadable);
    new MutationObserver((records) => {
      for (const record of records) {
        for (const added of record.addedNodes) {
          if (added.nodeName === "svg" && added.parentElement && added.parentElement.matches("pre.mermaid")) {
            keepReadable(added);
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchDiagrams);
  else watchDiagrams();

  document.addEventListener("click", (event) => {
    const opener = event.target.closest && event.target.closest(".mermaid-fullscreen-btn");
    // sphinxcontrib-mermaid's own handler on the button has already filled the modal.
    if (opener) open(opener);
  });

  // Captured on window, before the theme's own arrow-key page navigation
  // (Furo's navigation_with_keys), which must not fire while the view is open.
  window.addEventListener("keydown", (event) => {
    if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
    const { pz } = current;
    const keys = {
      "+": () => pz.zoomIn(), "=": () => pz.zoomIn(), "-": () => pz.zoomOut(), "_": () => pz.zoomOut(),
      "0": () => pz.reset(),
      ArrowLeft: () => pz.pan(PAN, 0, { relative: true }), ArrowRight: () => pz.pan(-PAN, 0, { relative: true }),
      ArrowUp: () => pz.pan(0, PAN, { relative: true }), ArrowDown: () => pz.pan(0, -PAN, { relative: true }),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      event.stopImmediatePropagation();
      action();
    }
  }, true);
})();
