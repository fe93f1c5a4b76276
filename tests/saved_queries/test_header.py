"""Reading query headers: fields, types, defaults, notes, and the errors for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from entanglements.core.saved_queries.header import HeaderError, parse
from entanglements.core.saved_queries.model import Parameter

PATH = Path("q/partners.cypher")

GOOD = """\
// name: partners
// description: Direct partners of an entity that were already on a list
//   when the relationship began.
// param entity_id: string            The entity to start from.
// param as_of: date = null           Only relationships in force on this date.
// param max_hops: int = 3            Longest path.
// param ratio: float = 0.5           A ratio.
// param strict: bool = false         Be strict.
// param since: date = 2019-04        A partial date default.
// param kinds: list<string> = ["Person", "Company"]   Kinds,
//   continued on the next line.
// param label: string = "two words"  A quoted default.
//
// Notes: anything here is free text, e.g. name: is not a field any more.
MATCH (e:Entity {id: $entity_id}) RETURN e
"""


def test_reads_every_field() -> None:
    query = parse(GOOD, PATH)
    assert query.name == "partners"
    assert query.description == (
        "Direct partners of an entity that were already on a list when the relationship began."
    )
    assert query.parameters == [
        Parameter("entity_id", "string", None, True, "The entity to start from."),
        Parameter("as_of", "date", None, False, "Only relationships in force on this date."),
        Parameter("max_hops", "int", 3, False, "Longest path."),
        Parameter("ratio", "float", 0.5, False, "A ratio."),
        Parameter("strict", "bool", False, False, "Be strict."),
        Parameter("since", "date", "2019-04", False, "A partial date default."),
        Parameter(
            "kinds",
            "list<string>",
            ["Person", "Company"],
            False,
            "Kinds, continued on the next line.",
        ),
        Parameter("label", "string", "two words", False, "A quoted default."),
    ]
    assert query.text == GOOD and query.path == PATH


def test_list_type_spelling_is_canonical() -> None:
    text = "// name: partners\n// description: d\n// param ids: LIST< date > = []   Ids.\n"
    (param,) = parse(text, PATH).parameters
    assert (param.type, param.default, param.required) == ("list<date>", [], False)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("// description: d\n", "no '// name:' line"),
        ("// name: partners\n", "no '// description:' line"),
        ("// name: other\n// description: d\n", "differs from the file name 'partners.cypher'"),
        ("// name: Partners\n// description: d\n", "use lowercase letters"),
        (
            "// name: partners\n// description: d\n// param x: integer  X.\n",
            "unknown parameter type",
        ),
        (
            "// name: partners\n// description: d\n// param x: list<map>  X.\n",
            "unknown parameter type",
        ),
        ("// name: partners\n// description: d\n// param x: int = ten  X.\n", "expects int"),
        ("// name: partners\n// description: d\n// param x: date = 2019-13  X.\n", "no month 13"),
        ("// name: partners\n// description: d\n// param x: bool = maybe  X.\n", "expects bool"),
        ("// name: partners\n// description: d\n// param x: int\n", "has no description"),
        ("// name: partners\n// description: d\n// param 1x: int  X.\n", "cannot read parameter"),
        (
            "// name: partners\n// description: d\n// param x: int  X.\n// param x: int  Y.\n",
            "declared twice",
        ),
        (
            "// name: partners\n// description: d\n// param d: date  D.\n// param d_lo: int  L.\n",
            "'d_lo' is declared twice",
        ),
        ("// name: partners\n// a note\n// description: d\n", "header field after a free comment"),
        ("// name: partners\n// name: partners\n// description: d\n", "two name: lines"),
    ],
)
def test_bad_headers_say_what_is_wrong(header: str, message: str) -> None:
    with pytest.raises(HeaderError, match=message.replace("(", r"\(")):
        parse(header + "RETURN 1\n", PATH)


def test_header_ends_at_first_code_line() -> None:
    text = "// name: partners\n// description: d\nRETURN 1\n// param late: int  Not a param.\n"
    assert parse(text, PATH).parameters == []
