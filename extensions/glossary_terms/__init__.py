"""Turn ``glossary/<id>.md`` (one term per file) into real Sphinx glossary entries.

* Loads and validates every term file (front matter against a JSON schema,
  then the checks that span files: id = file name, duplicate terms/aliases,
  unknown related ids). Each problem is a warning at ``file:line`` naming the
  field, so ``-W`` fails the build.
* ``{glossary-index}`` renders the A-Z glossary: letter jump links, one entry
  per term with its aliases as extra ``{term}`` targets (so ``{term}`LWS```
  resolves, and every alias is a search index entry of its own; ``site_search``
  points the names one query can both match at one anchor), the short
  definition, the body (parsed as MyST, warnings pointing into the term file),
  "Implemented by" links, related terms, tags, sources and a "Referenced on"
  slot that ``term_links`` fills.
* ``{glossary-tag}`` lists the terms of one tag; the tag pages themselves are
  generated into ``docs/glossary/tags/`` (git-ignored) from ``data/glossary-tags.yaml``.
* Writes ``glossary.json`` into the built site.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import matrix
import matrix_data
import sitedata
import siteext

logger = logging.getLogger(__name__)

TAGS_FILE = "glossary-tags.yaml"
PAGES_FILE = "pages.yaml"


class backlinks_slot(nodes.General, nodes.Element):
    """Placeholder replaced by term_links with the pages that use a term."""


def _visit_skip(self, node):  # the slot never reaches a writer unfilled
    raise nodes.SkipNode


@dataclass
class Term:
    id: str
    term: str
    aka: list[str]
    short: str
    tags: list[str]
    engines: dict[str, str]
    related: list[str]
    sources: list[dict]
    path: Path
    body: str
    body_line: int
    doc: sitedata.YamlDoc = field(repr=False, compare=False)

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aka]


@dataclass
class Registry:
    terms: dict[str, Term]
    tags: dict[str, dict]
    pages: dict[str, dict]
    problems: list[sitedata.Problem]

    def __post_init__(self) -> None:
        self._names = {n.lower(): t for t in self.terms.values() for n in t.names}

    def by_name(self, name: str) -> Term | None:
        """The term whose name or alias this is, case-insensitively (as Sphinx resolves it)."""
        return self._names.get(name.strip().lower())


def term_schema(tags: list[str], pages: list[str]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "term", "aka", "short", "tags", "engines", "related", "sources"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "term": {"type": "string", "minLength": 1},
            "aka": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
            "short": {"type": "string", "minLength": 15, "maxLength": 260, "pattern": r"^[^\n]+\.$"},
            "tags": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": tags}},
            "engines": {
                "type": "object",
                "propertyNames": {"enum": pages},
                "additionalProperties": {"type": "string", "minLength": 10},
            },
            "related": {"type": "array", "uniqueItems": True,
                        "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}},
            "sources": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title", "url"],
                    "properties": {
                        "title": {"type": "string", "minLength": 3},
                        "url": {"type": "string", "pattern": "^https://", "not": sitedata.UNPINNED},
                    },
                },
            },
        },
    }


TAGS_SCHEMA = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "description"],
        "properties": {"title": {"type": "string"}, "description": {"type": "string"}},
    },
}

PAGES_SCHEMA = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "page"],
        "properties": {"name": {"type": "string"}, "page": {"type": "string"}},
    },
}


def _load_mapping(path: Path, schema: dict, problems: list, docs_dir: Path | None = None) -> dict:
    try:
        doc = sitedata.parse_yaml(path)
    except sitedata.DataError as err:
        problems.extend(err.problems)
        return {}
    found = sitedata.validate(doc, schema)
    problems.extend(found)
    if found:
        return {}
    if docs_dir is not None and path.name == PAGES_FILE:
        # Reported here; the ids stay known, so terms naming them report nothing more.
        for key, entry in doc.data.items():
            problems.extend(matrix_data.page_problem(doc, [key, "page"], entry["page"], docs_dir))
    return doc.data


def _term_files(glossary_dir: Path, problems: list) -> list[Path]:
    """``glossary/*.md``; any other file there is a problem, not silently skipped."""
    paths = []
    for path in sorted(glossary_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".md" or not path.is_file():
            problems.append(sitedata.Problem(
                path, 1, "", f"term files must be named <id>.md: {path.name!r} would be ignored"))
            continue
        paths.append(path)
    return paths


def load(glossary_dir: Path, data_dir: Path, engine_pages: dict[str, dict], docs_dir: Path | None = None,
         ) -> Registry:
    """Load every term; ``engine_pages`` are the matrix's engines (id -> name, page).

    ``docs_dir`` also checks that every page of ``pages.yaml`` exists.
    """
    problems: list[sitedata.Problem] = []
    tags = _load_mapping(data_dir / TAGS_FILE, TAGS_SCHEMA, problems)
    pages = {**_load_mapping(data_dir / PAGES_FILE, PAGES_SCHEMA, problems, docs_dir), **engine_pages}
    schema = term_schema(sorted(tags), sorted(pages))
    terms: dict[str, Term] = {}
    files = _term_files(glossary_dir, problems)
    for path in files:
        try:
            doc, body, body_line = sitedata.parse_front_matter(path)
        except sitedata.DataError as err:
            problems.extend(err.problems)
            continue
        found = sitedata.validate(doc, schema)
        reported = {p.field for p in found}
        for i, source in enumerate(doc.data.get("sources") or []):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str) and f"sources.{i}.url" not in reported and (why := sitedata.pin_problem(url)):
                found.append(doc.problem(["sources", i, "url"], why))
        if doc.data.get("id") not in (None, path.stem):
            found.append(doc.problem(["id"], f"id {doc.data['id']!r} differs from the file name {path.stem!r}"))
        problems.extend(found)
        if found:
            continue
        data = doc.data
        terms[data["id"]] = Term(path=path, body=body, body_line=body_line, doc=doc, **data)
    # A term dropped for a problem of its own is still a known id: its problem
    # is reported once, not again at every term that relates to it.
    known_ids = {path.stem for path in files}

    # Checks across files: JSON schema sees one file at a time.
    seen: dict[str, Term] = {}
    for term in terms.values():
        for i, name in enumerate(term.names):
            key = name.lower()
            keys = ["term"] if i == 0 else ["aka", i - 1]
            if key in seen and seen[key] is not term:
                other = seen[key]
                problems.append(term.doc.problem(
                    keys, f"duplicate term or alias {name!r}: already used by {other.path.name}"))
            elif key in seen:
                problems.append(term.doc.problem(keys, f"alias {name!r} repeats the term itself"))
            seen[key] = term
        for i, rel in enumerate(term.related):
            if rel not in known_ids:
                problems.append(term.doc.problem(["related", i], f"unknown related term id {rel!r}"))
            elif rel == term.id:
                problems.append(term.doc.problem(["related", i], "a term cannot be related to itself"))
    return Registry(terms, tags, pages, problems)


def registry(env) -> Registry:
    """The terms loaded for this build (siteext.loaded: not pickled, inherited by workers)."""
    return siteext.loaded(env)["glossary_terms.registry"]


class DataProblems(SphinxError):
    category = "Data error"


def load_registry(app: Sphinx) -> None:
    mx = matrix.current(app.env)
    glossary_dir, data_dir, docs_dir = Path(app.config.glossary_dir), Path(app.config.matrix_data_dir), Path(app.srcdir)
    # Kept between builds (siteext.cached), keyed by every input: the term files, the
    # tag and page lists, the code that loads them, the matrix's engines and which
    # pages exist (pages.yaml names pages).
    inputs = [*glossary_dir.iterdir(), data_dir / TAGS_FILE, data_dir / PAGES_FILE,
              Path(__file__), Path(sitedata.__file__), Path(matrix_data.__file__)]
    key = siteext.fingerprint(inputs, (sorted(mx.pages.items()), siteext.page_names(app)))
    # Every engine file's page, valid or not (see Matrix.pages).
    reg = siteext.cached(app, "glossary-registry", key, lambda: load(glossary_dir, data_dir, mx.pages, docs_dir))
    siteext.loaded(app.env)["glossary_terms.registry"] = reg
    siteext.loaded(app.env)["glossary_terms.key"] = key
    for problem in reg.problems:
        logger.warning("%s", problem, location=problem.location(), type="glossary", subtype="data")
    # Pages and diagrams that cannot be read (content_checks) would crash the read.
    count = len(mx.problems) + len(reg.problems) + len(siteext.loaded(app.env).get("content_checks.unreadable", ()))
    if count:
        # Collect, then stop. An engine or term with a problem is not loaded, so
        # reading the pages now would turn each data problem into hundreds of
        # follow-on warnings (every {term} link to a dropped term, every page
        # showing a dropped engine). Keeping broken entries loaded instead would
        # need every directive to render half-valid data. So the build ends
        # here, after every data problem has been reported at its file and line.
        raise DataProblems(f"{count} problem(s) in the data, term and source files, each reported above at its "
                           "file and line; the build stops before reading pages so that they cause no "
                           "follow-on warnings")
    _generate_tag_pages(app, reg)


def _generate_tag_pages(app: Sphinx, reg: Registry) -> None:
    tags_dir = Path(app.srcdir, app.config.glossary_tags_dir)
    names = set()
    for tag, meta in sorted(reg.tags.items()):
        text = (f"# {meta['title']}\n\n{meta['description']}\n\n"
                f"```{{glossary-tag}} {tag}\n```\n")
        sitedata.write_if_changed(tags_dir / f"{tag}.md", text)
        names.add(f"{tag}.md")
    index = ("# Terms by tag\n\nEvery glossary term carries one or more tags. "
             "Each page lists the terms of one tag with their short definitions.\n\n"
             "```{glossary-tag-list}\n```\n\n"
             "```{toctree}\n:hidden:\n:glob:\n\n*\n```\n")
    sitedata.write_if_changed(tags_dir / "index.md", index)
    names.add("index.md")
    sitedata.remove_stale(tags_dir, names)


def _sort_key(text: str) -> str:
    return text.lower().lstrip("._-")


def _letter(text: str) -> str:
    first = _sort_key(text)[:1].upper()
    return first if first in string.ascii_uppercase else "#"


def _doc_xref(env, target: str, text: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=target,
                                 refexplicit=True, refwarn=True, refdoc=env.docname)
    xref += nodes.inline(text, text)
    return xref


def _term_xref(env, name: str, text: str | None = None) -> addnodes.pending_xref:
    """A link to a term; term_links gives it the term's hover text."""
    xref = addnodes.pending_xref("", refdomain="std", reftype="term", reftarget=name,
                                 refexplicit=True, refwarn=True, refdoc=env.docname)
    xref += nodes.inline(text or name, text or name, classes=["xref", "std", "std-term"])
    return xref


def _labelled(label: str, classes: list[str], *children: nodes.Node) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes)
    para += nodes.strong(label, label)
    para += nodes.Text(" ")
    for child in children:
        para += child
    return para


class GlossaryIndex(SphinxDirective):
    """The A-Z glossary, built from every file in ``glossary/``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        reg = registry(self.env)
        for term in reg.terms.values():
            self.env.note_dependency(str(term.path))
        for name in (TAGS_FILE, PAGES_FILE):
            self.env.note_dependency(str(Path(self.config.matrix_data_dir, name)))

        by_letter: dict[str, list[tuple[str, Term | None, Term]]] = {}
        for term in reg.terms.values():
            by_letter.setdefault(_letter(term.term), []).append((term.term, None, term))
            for alias in term.aka:  # "LWS, see LeaderWorkerSet" in the A-Z order
                by_letter.setdefault(_letter(alias), []).append((alias, term, term))

        result: list[nodes.Node] = []
        jump = nodes.paragraph(classes=["glossary-letters"])
        for letter in sorted(by_letter):
            ref = nodes.reference(letter, letter, refid=f"letter-{letter.lower()}")
            jump += ref
            jump += nodes.Text(" ")
        result.append(jump)

        for letter in sorted(by_letter):
            rubric = nodes.rubric(letter, letter, ids=[f"letter-{letter.lower()}"], classes=["glossary-letter"])
            result.append(rubric)
            glossary = addnodes.glossary(classes=["glossary", "generated-glossary"])
            # Required: Sphinx's glossary node reads it (KeyError without it); the
            # entries are already in A-Z order, so "sorted" states a fact.
            glossary["sorted"] = True
            dlist = nodes.definition_list(classes=["glossary"])
            glossary += dlist
            for text, alias_of, term in sorted(by_letter[letter], key=lambda item: _sort_key(item[0])):
                if alias_of is not None:
                    dlist += self._alias_item(text, alias_of)
                else:
                    dlist += self._entry(term, reg)
            result.append(glossary)
        return result

    def _alias_item(self, alias: str, term: Term) -> nodes.definition_list_item:
        item = nodes.definition_list_item(classes=["glossary-alias"])
        dt = nodes.term(alias, "")
        dt += nodes.Text(alias)
        item += dt
        dd = nodes.definition()
        para = nodes.paragraph()
        para += nodes.Text("See ")
        para += _term_xref(self.env, term.term)
        para += nodes.Text(".")
        dd += para
        item += dd
        return item

    def _entry(self, term: Term, reg: Registry) -> nodes.definition_list_item:
        env, document = self.env, self.state.document
        item = nodes.definition_list_item(ids=[f"entry-{term.id}"], classes=["glossary-entry"])
        item["data-term-id"] = term.id
        for i, name in enumerate(term.names):
            line = term.doc.line_of(["term"] if i == 0 else ["aka", i - 1])
            dt = make_glossary_term(env, [nodes.Text(name)], None, str(term.path), line, None, document)
            if i:
                dt["classes"].append("glossary-aka")
            item += dt
        dd = nodes.definition()
        dd += nodes.paragraph(term.short, term.short, classes=["glossary-short"])
        dd += self._body(term)
        if term.engines:
            implemented = nodes.bullet_list(classes=["glossary-engines"])
            for page_id, how in sorted(term.engines.items()):
                page = reg.pages[page_id]
                li = nodes.list_item()
                para = nodes.paragraph()
                xref = _doc_xref(env, "/" + page["page"], page["name"])
                # A missing page is reported at the term file's `engines` line.
                xref.source, xref.line = str(term.path), term.doc.line_of(["engines", page_id])
                para += xref
                para += nodes.Text(f": {how}")
                li += para
                implemented += li
            dd += _labelled("Implemented by:", ["glossary-field"])
            dd += implemented
        related = [r for r in term.related if r in reg.terms]  # unknown ids were reported at load
        if related:
            children: list[nodes.Node] = []
            for i, rel in enumerate(sorted(related, key=lambda r: _sort_key(reg.terms[r].term))):
                if i:
                    children.append(nodes.Text(", "))
                children.append(_term_xref(env, reg.terms[rel].term))
            dd += _labelled("Related:", ["glossary-field"], *children)
        tag_links: list[nodes.Node] = []
        for i, tag in enumerate(term.tags):
            if i:
                tag_links.append(nodes.Text(", "))
            tag_links.append(_doc_xref(env, f"/{self.config.glossary_tags_dir}/{tag}", reg.tags[tag]["title"]))
        dd += _labelled("Tags:", ["glossary-field", "glossary-tags"], *tag_links)
        sources = nodes.bullet_list(classes=["glossary-sources", "no-search"])
        for src in term.sources:
            li = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.reference(src["title"], src["title"], refuri=src["url"])
            li += para
            sources += li
        dd += _labelled("Sources:", ["glossary-field"])
        dd += sources
        dd += backlinks_slot(term_id=term.id)
        item += dd
        return item

    def _body(self, term: Term) -> list[nodes.Node]:
        if not term.body.strip():
            return []
        container = nodes.container(classes=["glossary-body"])
        lines = StringList(term.body.splitlines(), source=str(term.path))
        self.state.nested_parse(lines, 0, container)
        # Point messages about the body (an unknown {term}, say) into the term file.
        base = self.lineno
        for node in container.findall(nodes.Element):
            if node.line is not None:
                node.line = term.body_line + max(node.line - base - 1, 0)
            node.source = str(term.path)
        for msg in container.findall(nodes.system_message):
            msg["source"] = str(term.path)
        return container.children


class GlossaryTag(SphinxDirective):
    """The terms of one tag, each with its short definition."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        reg = registry(self.env)
        tag = self.arguments[0]
        if tag not in reg.tags:
            raise self.error(f"unknown glossary tag {tag!r}")
        dlist = nodes.definition_list(classes=["glossary-tag-list"])
        members = sorted((t for t in reg.terms.values() if tag in t.tags), key=lambda t: _sort_key(t.term))
        for term in members:
            item = nodes.definition_list_item()
            dt = nodes.term()
            dt += _term_xref(self.env, term.term)
            if term.aka:
                dt += nodes.Text(f" ({', '.join(term.aka)})")
            item += dt
            dd = nodes.definition()
            dd += nodes.paragraph(term.short, term.short)
            item += dd
            dlist += item
        count = nodes.paragraph(text=f"{len(members)} terms.")
        return [count, dlist]


class GlossaryTagList(SphinxDirective):
    """Links to every tag page, with the number of terms in each."""

    def run(self) -> list[nodes.Node]:
        reg = registry(self.env)
        blist = nodes.bullet_list(classes=["glossary-tag-index"])
        for tag, meta in sorted(reg.tags.items(), key=lambda kv: kv[1]["title"].lower()):
            count = sum(tag in t.tags for t in reg.terms.values())
            para = nodes.paragraph()
            para += _doc_xref(self.env, f"/{self.config.glossary_tags_dir}/{tag}", meta["title"])
            para += nodes.Text(f" ({count}): {meta['description']}")
            li = nodes.list_item()
            li += para
            blist += li
        return [blist]


class GlossaryStats(SphinxDirective):
    """A one-line count of terms and aliases (kept true by construction)."""

    def run(self) -> list[nodes.Node]:
        reg = registry(self.env)
        aliases = sum(len(t.aka) for t in reg.terms.values())
        text = f"{len(reg.terms)} terms, {aliases} aliases and abbreviations, {len(reg.tags)} tags."
        return [nodes.paragraph(text, text, classes=["glossary-stats"])]


def is_glossary_page(config, docname: str) -> bool:
    """The A-Z page and the generated tag pages (they list terms; they are not content)."""
    return docname == config.glossary_docname or docname.startswith(config.glossary_tags_dir + "/")


def outdated_listings(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the pages that list terms when what they show changes.

    The tag pages, the tag index and the glossary's counts show each term's
    name, aliases, short definition and tags, not its body. Instead of making
    every term file a dependency of those pages (so that editing one body
    re-read them all), compare a snapshot of exactly what they show. A new or
    deleted term file also re-reads the A-Z page, which depends on each file.
    """
    terms = registry(env).terms.values()
    listing = sorted((t.id, t.term, tuple(t.aka), t.short, tuple(t.tags)) for t in terms)
    previous = siteext.kept(env).get("glossary_terms.listing")
    siteext.kept(env)["glossary_terms.listing"] = listing
    if previous is None or previous == listing:
        return []
    return sorted(d for d in env.found_docs if is_glossary_page(app.config, d))


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == app.config.glossary_docname:
        app.add_js_file("glossary-filter.js", defer="defer")
    elif pagename == "search":
        # Terms as a script, not JSON: fetch() is blocked for pages opened from disk.
        app.add_js_file("glossary-terms.js", defer="defer")
        app.add_js_file("glossary-search.js", defer="defer")


def term_anchors(env) -> dict[str, tuple[str, str]]:
    """Lowercased term name -> (docname, anchor), from the standard domain's public object list."""
    return {name.lower(): (docname, anchor)
            for name, _disp, objtype, docname, anchor, _prio in env.domains.standard_domain.get_objects()
            if objtype == "term"}


def write_json(app: Sphinx, env) -> None:
    """``glossary.json`` and ``_static/glossary-terms.js``, written before any page.

    Pages link ``glossary-terms.js`` with a checksum of its content; writing it
    after reading (``env-updated``), not after writing, gives every page, serial
    or parallel, the same checksum.
    """
    if app.builder.format != "html":
        return
    anchors = term_anchors(env)
    # Kept between builds: the two files depend only on the loaded glossary (its key)
    # and on where each term's anchor is.
    key = hashlib.sha256(repr((siteext.loaded(env).get("glossary_terms.key"), sorted(anchors.items()),
                               app.config.glossary_docname)).encode("utf-8")).hexdigest()
    payload, script = siteext.cached(app, "glossary-json", key, lambda: _json_files(app, env, anchors))
    out = Path(app.outdir)
    (out / "_static").mkdir(parents=True, exist_ok=True)
    sitedata.write_if_changed(out / "glossary.json", payload)
    sitedata.write_if_changed(out / "_static" / "glossary-terms.js", script)


def _json_files(app: Sphinx, env, anchors: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The text of ``glossary.json`` and of ``_static/glossary-terms.js``."""
    reg = registry(env)
    entries = []
    for term in sorted(reg.terms.values(), key=lambda t: _sort_key(t.term)):
        docname, anchor = anchors.get(term.term.lower(), (app.config.glossary_docname, ""))
        entries.append({
            "id": term.id,
            "term": term.term,
            "aka": term.aka,
            "short": term.short,
            "tags": term.tags,
            "url": f"{app.builder.get_target_uri(docname)}#{anchor}",
            "anchors": [anchors[n.lower()][1] for n in term.names if n.lower() in anchors],
            "engines": {k: {"page": app.builder.get_target_uri(reg.pages[k]["page"]), "how": v}
                        for k, v in sorted(term.engines.items())},
            "related": sorted(term.related),
            "sources": term.sources,
        })
    payload = {"terms": entries, "tags": reg.tags}
    # anchors: the search page names a glossary hit (#term-LWS) by its term.
    cards = [{k: e[k] for k in ("term", "aka", "short", "url", "anchors")} for e in entries]
    return (json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            "window.GLOSSARY_TERMS = " + json.dumps(cards, ensure_ascii=False, sort_keys=True) + ";\n")


def setup(app: Sphinx) -> dict:
    app.add_config_value("glossary_dir", "glossary", "env", types=[str])
    app.add_config_value("glossary_docname", "glossary/index", "env", types=[str])
    app.add_config_value("glossary_tags_dir", "glossary/tags", "env", types=[str])
    app.setup_extension("matrix")  # engine pages come from the matrix data
    siteext.add_static(app, __file__, css=("glossary.css",))
    app.add_node(backlinks_slot, html=(_visit_skip, None), latex=(_visit_skip, None),
                 text=(_visit_skip, None), man=(_visit_skip, None), texinfo=(_visit_skip, None))
    app.add_directive("glossary-index", GlossaryIndex)
    app.add_directive("glossary-tag", GlossaryTag)
    app.add_directive("glossary-tag-list", GlossaryTagList)
    app.add_directive("glossary-stats", GlossaryStats)
    app.connect("builder-inited", load_registry)
    app.connect("env-get-outdated", outdated_listings)
    app.connect("html-page-context", page_assets)
    app.connect("env-updated", write_json)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
