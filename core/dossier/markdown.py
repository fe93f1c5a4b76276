r"""A dossier as Markdown (GitHub's footnote syntax ``[^n]``).

Every string from the graph is hostile: it is put on one line and the characters that open
emphasis, code, links, images, tables, entities or raw HTML are backslash-escaped (as is a
leading block marker), so a name can neither start a block, open a link or emphasis, nor
carry HTML into a renderer. A renderer with "linkify" (markdown-it, GitHub) also makes links
of bare URLs, ``www.`` names, domains and e-mail addresses, so a dot or ``@`` between two word
characters and the colon of ``://`` are escaped too: ``evil\.example``, ``http\://``. The raw
file stays readable (apostrophes, dashes and other dots and colons are left alone). Source
URLs become links only when they are http(s).
"""

from __future__ import annotations

import re

from entanglements.core.dossier.model import Dossier, Footnote, Line

_INLINE = re.compile(r"([\\`*_\[\]<>&!#|~{}])")
_LINKABLE = re.compile(r"(?<=\w)([.@])(?=\w)|(:)(?=//)")
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=>])")
_URL = re.compile(r"^https?://[^\s<>\\]+$")


def text(value: str) -> str:
    """Graph text, inert in Markdown."""
    escaped = _INLINE.sub(r"\\\1", " ".join(value.split()))
    escaped = _LINKABLE.sub(lambda m: "\\" + (m[1] or m[2]), escaped)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def render(dossier: Dossier) -> str:
    out = [f"# Dossier: {text(dossier.title)}", ""]
    for section in dossier.sections:
        out += [f"## {section.heading}", ""]
        out += [_line(line) for line in section.lines]
        out.append("")
    out += ["## Sources", ""]
    out += [_footnote(note) for note in dossier.footnotes] or ["No source is cited."]
    out += ["", *_stamp(dossier)]
    return "\n".join(out) + "\n"


def _line(line: Line) -> str:
    refs = "".join(f"[^{n}]" for n in line.notes)
    return f"{'  ' * line.level}- {text(line.text)}{refs}"


def _footnote(note: Footnote) -> str:
    src = note.source
    parts = [f"*{text(src.title)}*"]
    parts += [text(str(v)) for v in (src.publisher, src.published, note.locator) if v]
    body = ", ".join(parts)
    if note.quote:
        body += f": “{text(note.quote)}”"
    if src.url and _URL.match(src.url):
        body += f" <{src.url}>"
    return f"[^{note.number}]: {body}"


def _stamp(dossier: Dossier) -> list[str]:
    runs = dossier.runs
    out = [
        "## Reproducibility",
        "",
        f"- Generated at {dossier.generated_at} (UTC) by Entanglements.",
        "- Parameters: " + ", ".join(f"{k} = {text(v)}" for k, v in dossier.parameters),
        f"- Ingest runs the graph holds: {runs.total}"
        + (f" (the newest {len(runs.runs)} below)" if len(runs.runs) < runs.total else ""),
    ]
    for run in runs.runs:
        inputs = ", ".join(
            f"{text(path)} (sha256 {text(digest[:12])})" if digest else text(path)
            for path, digest in zip(run.inputs, run.sha256 or ("",) * len(run.inputs), strict=False)
        )
        out.append(
            f"  - {text(run.id)}: {text(run.outcome or '?')}, {text(run.origin or '?')}, "
            f"{text(run.started_at or '?')} → {text(run.finished_at or '?')}"
            + (f"; {inputs}" if inputs else "")
        )
    return out
