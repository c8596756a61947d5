// Parse Mermaid diagrams with the pinned mermaid package, the same code the
// browser runs, so a syntax error fails the Sphinx build instead of showing a
// "Syntax error in text" bomb to readers.
//
// stdin:  JSON [{"id": "...", "code": "..."}]
// stdout: JSON [{"id": "...", "ok": true} | {"id": "...", "ok": false, "error": "...", "line": N}]
//
// mermaid.parse needs a DOM (DOMPurify hooks); jsdom provides one.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ["Element", "HTMLElement", "SVGElement", "Node", "DOMParser", "XMLSerializer"]) {
  if (dom.window[name]) globalThis[name] = dom.window[name];
}

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const diagrams = JSON.parse(input || "[]");

const results = [];
for (const { id, code } of diagrams) {
  try {
    await mermaid.parse(code);
    results.push({ id, ok: true });
  } catch (err) {
    const message = String(err?.message ?? err);
    const match = /on line (\d+)/.exec(message) ?? (err?.hash?.loc ? [null, err.hash.loc.first_line] : null);
    results.push({ id, ok: false, error: message, line: match ? Number(match[1]) : null });
  }
}
process.stdout.write(JSON.stringify(results));
