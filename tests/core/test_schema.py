from entanglements.core.schema import is_migrated, migrate, schema_files, statements
from entanglements.core.settings import Settings
from entanglements.core.vocab import RelType
from tests.db import SyncDb


def test_every_relationship_type_has_its_constraint_and_date_indexes() -> None:
    text = "\n".join(s for f in schema_files() for s in statements(f))
    for rel_type in RelType:
        assert f"FOR ()-[r:{rel_type.neo4j_type}]-() REQUIRE r.id IS UNIQUE" in text
        assert f"FOR ()-[r:{rel_type.neo4j_type}]-() ON (r.start_lo)" in text


def test_migrate_is_idempotent_and_marks_the_schema(db: SyncDb, settings: Settings) -> None:
    before = db.rows("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
    db.run(migrate)
    after = db.rows("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
    assert before == after
    assert after[0]["n"] >= len(RelType) + 7
    assert db.run(is_migrated)


def test_fulltext_index_covers_names_and_aliases(db: SyncDb, settings: Settings) -> None:
    rows = db.rows(
        "SHOW FULLTEXT INDEXES YIELD name, properties, state "
        "WHERE name = 'entity_names' RETURN properties, state",
    )
    assert rows == [{"properties": ["name", "aliases"], "state": "ONLINE"}]
