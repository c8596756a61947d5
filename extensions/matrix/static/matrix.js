/* Narrow the comparison matrix (matrix extension).
   Progressive enhancement: without this script the full table is there and
   every cell's <details> opens natively. With it, the reader picks platforms
   and dimension groups and can keep only the rows where the shown platforms
   differ. The choice lives in the URL query (?p=a,b&g=serving&diff=1), so a
   narrowed view can be linked; the row anchors stay in the hash.
   Hand-written (about 150 lines) because no small, offline, framework-free
   library does this table-specific job. */
(() => {
  "use strict";
  const wrap = document.querySelector(".mx-wrap[data-mx-controls]");
  if (!wrap) return;
  const table = wrap.querySelector("table");
  const heads = [...table.tHead.rows[0].cells].slice(1);
  const engines = heads.map((th) => ({ id: th.dataset.e, name: th.dataset.name }));
  const bodies = [...table.tBodies];
  const groups = bodies.map((tb) => ({ id: tb.dataset.g, name: tb.dataset.name }));
  const rows = bodies.flatMap((tb) => [...tb.rows].filter((tr) => tr.dataset.d));

  const params = new URLSearchParams(window.location.search);
  const pick = (key, all) => {
    const raw = params.get(key);
    if (!raw) return new Set(all);
    const chosen = raw.split(",").filter((x) => all.includes(x));
    return new Set(chosen.length ? chosen : all);
  };
  const state = {
    p: pick("p", engines.map((e) => e.id)),
    g: pick("g", groups.map((g) => g.id)),
    diff: params.get("diff") === "1",
  };

  // --- the controls -----------------------------------------------------------
  const el = (tag, props = {}, ...kids) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...kids);
    return node;
  };
  const box = (name, value, label, checked) => {
    const input = el("input", { type: "checkbox", name, value, checked });
    return el("label", { className: "mx-choice" }, input, " " + label);
  };
  const form = el("form", { className: "mx-controls", ariaLabel: "Narrow the comparison" });
  form.addEventListener("submit", (event) => event.preventDefault());
  if (engines.length > 2) {
    form.append(el("fieldset", {}, el("legend", {}, "Platforms"),
      ...engines.map((e) => box("p", e.id, e.name, state.p.has(e.id)))));
  }
  if (groups.length > 1) {
    form.append(el("fieldset", {}, el("legend", {}, "Dimension groups"),
      ...groups.map((g) => box("g", g.id, g.name, state.g.has(g.id)))));
  }
  const diffBox = box("diff", "1", "Only rows where the shown platforms differ", state.diff);
  const openAll = el("button", { type: "button", className: "mx-button" }, "Open all details");
  const closeAll = el("button", { type: "button", className: "mx-button" }, "Close all");
  const reset = el("button", { type: "button", className: "mx-button" }, "Show everything");
  const status = el("p", { className: "mx-status", role: "status" });
  form.append(el("div", { className: "mx-row" }, diffBox, openAll, closeAll, reset), status);
  wrap.insertBefore(form, table);

  // --- applying the state ---------------------------------------------------------
  const sameTag = () => el("span", { className: "mx-sametag" }, "same");
  rows.forEach((tr) => tr.cells[0].append(sameTag()));

  const url = () => {
    const next = new URLSearchParams(window.location.search);
    const put = (key, set, all) => {
      if (set.size === all.length) next.delete(key);
      else next.set(key, all.filter((x) => set.has(x)).join(","));
    };
    put("p", state.p, engines.map((e) => e.id));
    put("g", state.g, groups.map((g) => g.id));
    if (state.diff) next.set("diff", "1"); else next.delete("diff");
    const query = next.toString().replace(/%2C/g, ",");
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  const apply = () => {
    heads.forEach((th) => { th.hidden = !state.p.has(th.dataset.e); });
    let shownRows = 0;
    bodies.forEach((tb) => {
      const groupOn = state.g.has(tb.dataset.g);
      let any = false;
      [...tb.rows].forEach((tr) => {
        [...tr.cells].forEach((cell) => {
          if (cell.dataset.e) cell.hidden = !state.p.has(cell.dataset.e);
        });
        if (!tr.dataset.d) return;
        const values = new Set([...tr.cells].filter((c) => c.dataset.e && !c.hidden).map((c) => c.dataset.v));
        const same = values.size <= 1;
        tr.classList.toggle("mx-same", same && state.p.size > 1);
        tr.hidden = !groupOn || (state.diff && same);
        if (!tr.hidden) { any = true; shownRows += 1; }
      });
      tb.hidden = !any;
    });
    table.querySelectorAll(".mx-group").forEach((th) => { th.colSpan = state.p.size + 1; });
    table.classList.remove(...[...table.classList].filter((c) => c.startsWith("mx-cols-")));
    table.classList.add("mx-cols-" + state.p.size);
    status.textContent = `Showing ${state.p.size} of ${engines.length} platforms and ${shownRows} of ${rows.length} rows.`;
    if (state.diff || state.p.size < engines.length || state.g.size < groups.length) {
      status.append(" ", el("a", { href: url() }, "Link to this view"));
    }
    try {
      window.history.replaceState(null, "", url());
    } catch (err) {
      // Some browsers refuse history changes on file:// pages; the link above still works.
    }
  };

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name === "diff") state.diff = input.checked;
    else if (input.name === "p" || input.name === "g") {
      const set = state[input.name];
      if (input.checked) set.add(input.value);
      else if (set.size > 1) set.delete(input.value);
      else input.checked = true; // keep at least one
    }
    apply();
  });
  const setOpen = (open) => table.querySelectorAll("details").forEach((d) => { d.open = open; });
  openAll.addEventListener("click", () => setOpen(true));
  closeAll.addEventListener("click", () => setOpen(false));
  reset.addEventListener("click", () => {
    state.p = new Set(engines.map((e) => e.id));
    state.g = new Set(groups.map((g) => g.id));
    state.diff = false;
    form.querySelectorAll("input").forEach((i) => { i.checked = i.name !== "diff"; });
    apply();
  });

  // Printing: every disclosure on the page open, restored afterwards.
  let wasOpen = [];
  window.addEventListener("beforeprint", () => {
    const all = document.querySelectorAll("details.mx-d");
    wasOpen = [...all].map((d) => d.open);
    all.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => {
    document.querySelectorAll("details.mx-d").forEach((d, i) => { d.open = wasOpen[i]; });
  });

  // A link to a row that the current narrowing hides shows that row's group and row again.
  const reveal = () => {
    const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && rows.includes(target) && target.hidden) {
      state.g.add(target.parentElement.dataset.g);
      state.diff = false;
      form.querySelectorAll("input").forEach((i) => {
        if (i.name === "g" && i.value === target.parentElement.dataset.g) i.checked = true;
        if (i.name === "diff") i.checked = false;
      });
      apply();
      target.scrollIntoView();
    }
  };
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
