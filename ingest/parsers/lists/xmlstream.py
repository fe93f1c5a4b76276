"""Streaming XML with flat memory: lxml's ``iterparse`` hands over one entry element at a
time, namespaces stripped, and the tree is pruned behind it.

Entities and network access are off (no XXE, no billion laughs: a DTD is refused), and a
malformed file becomes one ``Item`` naming its line, so the run writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from entanglements.ingest.inputs import Input, open_binary
from entanglements.ingest.parsers.base import Item

Element = etree._Element


def text_of(element: Element | None, path: str) -> str:
    """The stripped text at ``path`` below ``element`` ('' when absent)."""
    if element is None:
        return ""
    found = element.findtext(path)
    return " ".join(found.split()) if found else ""


def texts_of(element: Element, path: str) -> list[str]:
    return [" ".join(e.text.split()) for e in element.iterfind(path) if e.text and e.text.strip()]


def _strip(element: Element) -> None:
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = node.tag.split("}", 1)[1]


def elements(source: Input, names: frozenset[str]) -> Iterator[Element | Item]:
    """The root element first (at its start: attributes only), then every element whose
    local name is in ``names``, complete; an ``Item`` with the error if the XML breaks."""
    with open_binary(source.path) as stream:
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        )
        root_seen = False
        try:
            for event, element in events:
                if event == "start":
                    if not root_seen:
                        root_seen = True
                        yield element
                    continue
                if etree.QName(element).localname not in names:
                    continue
                _strip(element)
                yield element
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or 1
            message = f"malformed XML: {exc.msg.split(', line')[0]}"
            yield Item(f"{source.label}:{line}", None, error=message)
            return
        if not root_seen:
            yield Item(f"{source.label}:1", None, error="empty file: no XML root element")


def location(source: Input, element: Element) -> str:
    return f"{source.label}:{element.sourceline or 1}"
