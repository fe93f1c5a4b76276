"""The files the package ships beside its code: the graph schema and the saved-query library.

They live in the top-level ``cypher/`` folder, installed as the ``entanglements.cypher``
package, so an editable checkout, a wheel and a Docker image all find them the same way.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def cypher_folder(name: str) -> Path:
    """``cypher/<name>/`` as a real folder (the library globs it and reports file paths)."""
    folder = files("entanglements.cypher") / name
    if not isinstance(folder, Path):  # e.g. a zipped install: not supported
        raise RuntimeError(f"entanglements.cypher/{name} is not on the file system: {folder}")
    return folder


SCHEMA_DIR = cypher_folder("schema")
SAVED_QUERIES_DIR = cypher_folder("queries")
