"""The dossier's footnote numbering and its Markdown: hostile graph text stays inert."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from entanglements.core.dossier.markdown import render, text
from entanglements.core.dossier.model import Dossier, Footnotes, Line, Section
from entanglements.core.reads.records import CitationRow, References, SourceRow
from entanglements.core.reads.runs import IngestRunRow, IngestRuns


def test_the_same_citation_keeps_its_first_number() -> None:
    refs = References(sources={"s": SourceRow(id="s", title="S")})
    notes = Footnotes(refs)
    a, b = CitationRow("s", "quote a", "p. 1"), CitationRow("s", "quote b", None)
    assert notes.cite([a, b]) == (1, 2)
    assert notes.cite([b, a, b]) == (2, 1)
    assert notes.cite([CitationRow("unknown", None, None)]) == (3,)
    assert [n.source.title for n in notes.notes] == ["S", "S", "unknown"]


@pytest.mark.parametrize(
    "hostile",
    ["<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "**bold** _it_ `code`",
     "# heading", "1. item", "- item", "> quote", "a | b", "&lt;script&gt;", "![i](x.png)"],
)  # fmt: skip
def test_graph_text_is_inert(hostile: str) -> None:
    escaped = text(hostile)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert unescaped == hostile  # nothing lost: a renderer shows the text as it was
    assert not re.search(r"(?<!\\)[<>\[\]*_`&|!]", escaped)  # every opener escaped
    assert not re.match(r"(#|-|\+|>|\d+[.)])", escaped)  # no block starts


def test_text_is_one_line() -> None:
    assert text("a\n\n# b\r\nc") == "a \\# b c"


def test_render_numbers_notes_and_links_only_http_sources() -> None:
    good = SourceRow(id="g", title="Good", url="https://example.org/a", publisher="P")
    bad = SourceRow(id="b", title="Bad", url="javascript:alert(1)")
    refs = References(sources={"g": good, "b": bad})
    notes = Footnotes(refs)
    line = Line(
        "claim", notes=notes.cite([CitationRow("g", "q", "p. 2"), CitationRow("b", None, None)])
    )
    run = IngestRunRow(
        "run-1", "2026-01-01T00:00:00Z", None, ("seed.yaml",), ("ab" * 32,), "ok", "cli"
    )
    sections = (Section("Claims", (line,)),)
    dossier = Dossier(
        "e", "E <x>", "2026-01-02", (("maxHops", "3"),), IngestRuns((run,), 1), sections,
        tuple(notes.notes),
    )  # fmt: skip
    md = render(dossier)
    assert "# Dossier: E \\<x\\>" in md
    assert "- claim[^1][^2]" in md
    assert "[^1]: *Good*, P, p. 2: “q” <https://example.org/a>" in md
    assert "[^2]: *Bad*" in md and "javascript" not in md
    assert "run-1: ok, cli" in md and "sha256 abababababab" in md


@pytest.mark.parametrize(
    "hostile",
    ["see http://evil.example.com/x", "www.evil.com", "evil.com/leak", "mail a@evil.com",
     "ftp://x.org", "https://evil.com"],
)  # fmt: skip
def test_graph_text_makes_no_link_even_with_linkify(hostile: str) -> None:
    """A renderer that links bare URLs (markdown-it with linkify, as GitHub does) finds none."""
    linkify = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    assert "<a " in linkify.render(hostile)  # the renderer would link the raw text
    escaped = text(hostile)
    assert "<a " not in linkify.render(escaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile
