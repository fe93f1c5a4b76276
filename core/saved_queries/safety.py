"""The textual half of "a saved query can only read".

The other half runs against the database (``runner``): ``EXPLAIN`` must report the query
type ``r``, and the query runs in a read transaction. The text check comes first because
some things plan as reads yet reach outside the graph (``LOAD CSV``, ``USE`` another
database, ``SHOW TRANSACTIONS``), and because it works without a database, at load time.

The check is deliberately strict: a word from the refused list anywhere in the code (not
in a string, a comment or a `backticked` name) refuses the file, even where Neo4j would
read it as a variable. Rename the variable, or backtick it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from entanglements.core.errors import BadInputError

#: Clauses that write, administer, reach another database or another process's work.
REFUSED_WORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DETACH", "DROP", "INSERT",
        "FOREACH", "LOAD", "USE", "TRANSACTIONS", "SHOW", "TERMINATE", "GRANT", "REVOKE",
        "DENY", "ALTER", "RENAME", "DEALLOCATE", "REALLOCATE", "EXPLAIN", "PROFILE", "CYPHER",
    }
)  # fmt: skip

#: Procedures a saved query may CALL: the read-only ones the library has use for.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
    }
)

#: Namespaces refused anywhere, functions included: plugins that write or reach out
#: (APOC, GDS) and server administration.
REFUSED_NAMESPACES = frozenset({"apoc", "gds", "dbms"})

# Neo4j decodes \uXXXX escapes before it parses (Java-style), even in comments and names,
# so `// \u000a CREATE ...` hides a clause from any textual check. Refuse them outright:
# a saved query can spell any character directly in UTF-8.
_UNICODE_ESCAPE = re.compile(r"\\+[uU]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM = re.compile(r"\$\s*(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]*)`|(\d+))")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word", "name" (backticked), "string", "param", "number", "symbol"
    text: str


class UnsafeQueryError(ValueError):
    """Why a query text is refused (a short reason, without the file name)."""


def tokenize(text: str) -> list[Token]:
    """Cypher's tokens, without comments and whitespace; refuses what it cannot close."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise UnsafeQueryError("unterminated /* comment")
            i = end + 2
        elif ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise UnsafeQueryError("unterminated string literal")
            tokens.append(Token("string", text[i + 1 : j]))
            i = j + 1
        elif ch == "`":
            j = i + 1
            parts: list[str] = []
            while True:
                end = text.find("`", j)
                if end < 0:
                    raise UnsafeQueryError("unterminated `backticked` name")
                parts.append(text[j:end])
                if text.startswith("``", end):  # `` is an escaped backtick inside the name
                    parts.append("`")
                    j = end + 2
                    continue
                i = end + 1
                break
            tokens.append(Token("name", "".join(parts)))
        elif ch == "$":
            match = _PARAM.match(text, i)
            if match is None:
                raise UnsafeQueryError("a $ that does not name a parameter")
            tokens.append(Token("param", next(g for g in match.groups() if g is not None)))
            i = match.end()
        elif ch.isdigit():
            # A number, and any letters glued to it (1SET lexes as 1 and SET in Cypher).
            j = i
            while j < n and (text[j].isdigit() or text[j] in "._eExXoO" or text[j].isalpha()):
                j += 1
            tokens.append(Token("number", text[i:j]))
            for word in _WORD.findall(text[i:j]):
                tokens.append(Token("word", word))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(Token("word", text[i:j]))
            i = j
        else:
            tokens.append(Token("symbol", ch))
            i += 1
    return tokens


def _dotted_name(tokens: list[Token], start: int) -> tuple[str, int]:
    """The ``a.b.c`` name starting at ``tokens[start]`` (backticked parts included)."""
    parts: list[str] = []
    i = start
    while i < len(tokens) and tokens[i].kind in {"word", "name"}:
        parts.append(tokens[i].text)
        if i + 1 < len(tokens) and tokens[i + 1] == Token("symbol", "."):
            i += 2
        else:
            i += 1
            break
    return ".".join(parts), i


def check(text: str) -> list[Token]:
    """Refuse (UnsafeQueryError) a query text that could write or reach outside the graph.

    Returns the tokens, so callers can inspect the parameters the text uses.
    """
    if _UNICODE_ESCAPE.search(text):
        raise UnsafeQueryError(
            "unicode escapes (\\uXXXX) are not allowed in a saved query: Neo4j decodes them "
            "before parsing, so they can hide a clause; write the character itself"
        )
    tokens = tokenize(text)
    if not tokens:
        raise UnsafeQueryError("the query is empty")
    for index, token in enumerate(tokens):
        if token.kind == "symbol" and token.text == ";" and index != len(tokens) - 1:
            raise UnsafeQueryError("more than one statement (a ';' before the end)")
        if token.kind == "word" and token.text.upper() in REFUSED_WORDS:
            raise UnsafeQueryError(f"{token.text.upper()} is not allowed: saved queries only read")
        if token.kind in {"word", "name"} and token.text.lower() in REFUSED_NAMESPACES:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following == Token("symbol", "."):
                raise UnsafeQueryError(f"{token.text.lower()}.* procedures/functions are refused")
        if token.kind == "word" and token.text.upper() == "CALL":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.kind in {"word", "name"}:
                name, _ = _dotted_name(tokens, index + 1)
                if name.lower() not in ALLOWED_PROCEDURES:
                    raise UnsafeQueryError(
                        f"CALL {name} is not allowed: saved queries may only call "
                        f"{', '.join(sorted(ALLOWED_PROCEDURES))}"
                    )
    return tokens


def check_file_text(text: str, origin: str) -> list[Token]:
    """``check`` with a BadInputError naming the file (the form every caller reports)."""
    try:
        return check(text)
    except UnsafeQueryError as exc:
        raise BadInputError(f"{origin}: refused: {exc}") from None


def parameters_used(tokens: list[Token]) -> set[str]:
    return {t.text for t in tokens if t.kind == "param"}
