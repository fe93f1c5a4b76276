"""Small text helpers shared by the list parsers: lenient decoding, control characters,
slugs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from entanglements.ingest.inputs import MAX_LINE_BYTES, LineError

_BOM = b"\xef\xbb\xbf"
_SUBSTITUTE = "\x1a"  # DOS end-of-file marker: OFAC's legacy files end with it


def lenient_lines(stream: BinaryIO) -> Iterator[str]:
    """Lines with their ends, for ``csv.reader``: UTF-8, else Windows-1252 (what the
    publishers' "Latin-1" files really are), else Latin-1; a trailing 0x1A is dropped.
    A line over ``MAX_LINE_BYTES`` raises ``LineError``."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise LineError(number, f"line longer than {MAX_LINE_BYTES // 1_000_000} MB")
        if number == 1:
            raw = raw.removeprefix(_BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
        text = text.replace(_SUBSTITUTE, "")
        if text.strip() or number == 1:
            yield text


#: C0 and C1 control characters but the whitespace ones (tab, line ends): never text in a
#: name or a remark, but what broken encodings and careless exports leave in a value.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without control characters."""
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def slug(text: str) -> str:
    """``Al-Qaida`` → ``al-qaida``; ids of lists per programme."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "unspecified"


#: Room in the 200 characters of an id for the scheme, the list and a relisting date.
MAX_REFERENCE = 100
_REF_CHARS = re.compile(r"[^A-Za-z0-9._:/+-]+")


def reference(text: str) -> str:
    """A publisher's reference made safe for an id (``QDi.237`` stays as is)."""
    return _REF_CHARS.sub("-", text.strip()).strip("-.")[:MAX_REFERENCE]


def join(*parts: str | None) -> str:
    """Name parts joined by single spaces, blanks left out."""
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())
