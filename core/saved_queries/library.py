"""Loading the library: every ``*.cypher`` file of ``Settings.query_dirs``.

Refusal policy: a file that cannot be read, has a bad header, uses an undeclared parameter
or could write is *skipped with an error*, not fatal to the whole library. One analyst's
broken file in ``ENTANGLE_QUERY_PATH`` must not take ``savedQueries`` away from everyone,
but it must be visible: ``Library.refused`` lists each file and why, ``entangle query
list`` prints them, and running a refused query by name raises the same BadInputError
naming the file. A missing folder in ``ENTANGLE_QUERY_PATH`` is a configuration error and
fails the load.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.saved_queries import header, safety
from entanglements.core.saved_queries.model import RefusedFile, SavedQuery
from entanglements.core.saved_queries.params import derived_names
from entanglements.core.settings import Settings

MAX_FILE_BYTES = 200_000


@dataclass
class Library:
    queries: dict[str, SavedQuery] = field(default_factory=dict)
    refused: list[RefusedFile] = field(default_factory=list)

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(sorted(self.queries.values(), key=lambda q: q.name))

    def __len__(self) -> int:
        return len(self.queries)

    def get(self, name: str) -> SavedQuery:
        """The query called ``name``; BadInputError if its file was refused, else NotFound."""
        query = self.queries.get(name)
        if query is not None:
            return query
        for refused in self.refused:
            if refused.name == name:
                raise BadInputError(refused.message)
        known = ", ".join(sorted(self.queries)) or "none"
        raise NotFoundError(f"no saved query {name[:80]!r} (known: {known})")


def display_path(path: Path) -> str:
    """The path as people know it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path) -> SavedQuery:
    """Read, parse and check one file; BadInputError naming the file when refused."""
    origin = display_path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadInputError(f"{origin}: refused: larger than {MAX_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInputError(f"{origin}: refused: not UTF-8 text") from None
    except OSError as exc:
        raise BadInputError(f"{origin}: cannot read: {exc.strerror or exc}") from None
    try:
        query = header.parse(text, path)
    except header.HeaderError as exc:
        raise BadInputError(f"{origin}: bad header: {exc}") from None
    tokens = safety.check_file_text(text, origin)
    check_parameters(query, safety.parameters_used(tokens), origin)
    return query


def check_parameters(query: SavedQuery, used: set[str], origin: str) -> None:
    """Every ``$name`` in the text is declared, and every declared parameter is used.

    Caught here, a typo is an error naming the file instead of Neo4j's "expected parameter"
    at run time; an unused parameter would be a filter that silently does nothing.
    """
    declared = {n for p in query.parameters for n in derived_names(p)}
    undeclared = sorted(used - declared)
    if undeclared:
        raise BadInputError(
            f"{origin}: refused: ${undeclared[0]} is used but not declared in the header"
        )
    for param in query.parameters:
        if not used.intersection(derived_names(param)):
            raise BadInputError(f"{origin}: refused: parameter {param.name!r} is never used")


def load_folders(folders: Sequence[Path], *, required: Sequence[Path] = ()) -> Library:
    """Load every ``*.cypher`` of ``folders`` (in order; the first file of a name wins)."""
    library = Library()
    for folder in folders:
        if not folder.is_dir():
            if folder in required:
                raise BadInputError(f"query folder {display_path(folder)} does not exist")
            continue
        for path in sorted(folder.glob("*.cypher")):
            try:
                query = load_file(path)
            except BadInputError as exc:
                library.refused.append(RefusedFile(path, path.stem, str(exc)))
                continue
            first = library.queries.get(query.name)
            if first is not None:
                message = (
                    f"{display_path(path)}: refused: a query named {query.name!r} already "
                    f"exists in {display_path(first.path)}"
                )
                library.refused.append(RefusedFile(path, query.name, message))
                continue
            library.queries[query.name] = query
    return library


def load_library(settings: Settings) -> Library:
    """The bundled library, then each folder of ``ENTANGLE_QUERY_PATH`` (which must exist)."""
    folders = settings.query_dirs
    return load_folders(folders, required=folders[1:])
