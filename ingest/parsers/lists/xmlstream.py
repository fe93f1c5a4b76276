"""Streaming XML with flat memory: lxml's ``iterparse`` hands over one entry element at a
time, namespaces stripped, and the tree is pruned behind it.

Entities and network access are off (no XXE, no billion laughs: a DTD is refused), and a
malformed file becomes one ``Item`` naming its line, so the run writes nothing.

A UTF-8 file (all the publishers' XML is) is read through a filter first: a byte sequence
that is not UTF-8 becomes U+FFFD and a control character XML forbids is removed, each
counted, so one broken value is a damaged value rather than a file that cannot be read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from lxml import etree

from entanglements.ingest.inputs import Input, open_binary
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.entries import Entry, Mapper

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


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.-]+)")


class _Utf8Filter:
    """A binary stream as valid UTF-8 with only the characters XML allows, counting what
    it replaced (bytes not UTF-8) and removed (control characters)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.replaced = 0
        self.removed = 0
        self.pending = b""  # filtered bytes not read yet
        self.done = False

    def read(self, size: int = -1) -> bytes:
        """At most ``size`` bytes (all when negative), b"" at the end only."""
        while not self.pending or (size < 0 and not self.done):
            if self.done:
                break
            chunk = self.raw.read(1 << 16)
            self.done = not chunk
            text = self.decoder.decode(chunk, final=self.done)
            self.replaced += text.count("\ufffd")
            kept = _NOT_XML.sub("", text)
            self.removed += len(text) - len(kept)
            self.pending += kept.encode("utf-8")
        if size < 0:
            size = len(self.pending)
        out, self.pending = self.pending[:size], self.pending[size:]
        return out


def _filtered(raw: BinaryIO) -> _Utf8Filter | BinaryIO:
    """The filter for a UTF-8 file (declared so, or not declared); others as they are."""
    head = raw.peek(200)[:200] if hasattr(raw, "peek") else b""
    declared = _DECLARED.match(head)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return raw
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        return raw
    return _Utf8Filter(raw)


def _repairs(source: Input, stream: _Utf8Filter | BinaryIO, prefix: str) -> Iterator[Item]:
    """One skipped item per value the filter repaired (counted in the summary)."""
    if isinstance(stream, _Utf8Filter):
        at = f"{source.label}:1"
        for _ in range(stream.replaced):
            yield Item(at, None, skipped=f"{prefix}: bytes not valid UTF-8 replaced")
        for _ in range(stream.removed):
            yield Item(at, None, skipped=f"{prefix}: control characters removed")


def elements(source: Input, names: frozenset[str], prefix: str) -> Iterator[Element | Item]:
    """The root element first (at its start: attributes only), then every element whose
    local name is in ``names``, complete; an ``Item`` with the error if the XML breaks,
    and at the end one skipped ``Item`` per repaired character (``prefix`` names the list
    in the count)."""
    with open_binary(source.path) as raw:
        stream = _filtered(raw)
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
            return
        yield from _repairs(source, stream, prefix)


def location(source: Input, element: Element) -> str:
    return f"{source.label}:{element.sourceline or 1}"


def parse_entries(
    source: Input,
    names: frozenset[str],
    root: str,
    prefix: str,
    mapper_of: Callable[[Element], Mapper],
    entry_of: Callable[[Element], Entry],
) -> Iterator[Item]:
    """A publisher's XML whose root element is ``root`` (else an error): the mapper made
    from the root, then each entry element mapped; a broken file ends with its error."""
    mapper: Mapper | None = None
    for element in elements(source, names, prefix):
        if isinstance(element, Item):
            yield element
            if element.error:
                return
        elif mapper is None:
            if element.tag.rsplit("}", 1)[-1] != root:
                yield Item(location(source, element), None, error=f"not a {root} XML file")
                return
            mapper = mapper_of(element)
            yield from mapper.start()
        else:
            yield from mapper.items(entry_of(element))
