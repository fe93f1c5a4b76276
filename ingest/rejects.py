"""With ``--skip-invalid``, rejected records go to ``<input>.rejects.jsonl`` beside their
input (``stdin.rejects.jsonl`` in the current folder for standard input), one JSON object
per line: ``{"location", "error", "input"}`` where ``input`` is the record as read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any


class RejectsWriter:
    def __init__(self) -> None:
        self.handles: dict[Path, IO[str]] = {}

    def add(self, path: Path | None, location: str, error: str, raw: Any) -> None:
        if path is None:
            return
        handle = self.handles.get(path)
        if handle is None:
            handle = self.handles[path] = path.open("w", encoding="utf-8")
        entry = {"location": location, "error": error, "input": raw}
        handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")

    def close(self) -> list[str]:
        for handle in self.handles.values():
            handle.close()
        return [str(p) for p in self.handles]
