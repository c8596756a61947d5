"""Every engine page follows the template and cites dated primary sources."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

ENGINES = ["aibrix", "llm-d", "llmaz", "ome", "kthena", "kserve"]
SECTIONS = ["Custom resources", "Architecture", "Capabilities", "What it does not do", "When to choose it",
            "Caveats", "Sources"]
CAPABILITIES = ["Prefill/decode disaggregation", "KV cache", "LoRA adapters", "Autoscaling", "Routing and gateway",
                "Multi-node serving", "Heterogeneous GPUs", "Model artifacts and download", "Cold start and sleep mode",
                "Supported inference engines"]


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_page_follows_the_template(site, engine):
    soup = BeautifulSoup((site / "engines" / f"{engine}.html").read_text(encoding="utf-8"), "html.parser")
    h2 = [h.get_text().rstrip("#¶ ").strip() for h in soup.select("article h2")]
    assert [s for s in SECTIONS if s in h2] == SECTIONS, h2
    h3 = [h.get_text().rstrip("#¶ ").strip() for h in soup.select("article h3")]
    assert [c for c in CAPABILITIES if c in h3] == CAPABILITIES, h3
    assert soup.select("pre.mermaid"), "no diagram"
    assert soup.select("article table"), "no CRD table"
    sources = soup.find(id="sources")
    links = sources.select("a[href^='https://']") if sources else []
    assert len(links) >= 10, "a sources section with at least 10 primary links"
    assert any("/blob/" in a["href"] or "/tree/" in a["href"] for a in links), "no repository path at a tag"
