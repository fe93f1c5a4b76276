"""The fixed vocabularies of the graph.

Labels and relationship types that reach Cypher text come only from here, never from a
user's string: user input selects a member of these vocabularies or is rejected.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from followthemoney import model as ftm_model


class RelType(StrEnum):
    """Relationship types between entities (the API's lowercase spelling)."""

    OWNERSHIP = "ownership"
    DIRECTORSHIP = "directorship"
    BOARD_MEMBERSHIP = "board_membership"
    EMPLOYMENT = "employment"
    MEMBERSHIP = "membership"
    PARTNERSHIP = "partnership"
    CO_FOUNDING = "co_founding"
    FUNDING = "funding"
    PART_OF = "part_of"
    HOSTING = "hosting"
    ADVISING = "advising"
    SUPERVISION = "supervision"
    COLLABORATION = "collaboration"
    PARTICIPATION = "participation"
    EDUCATION = "education"
    FAMILY = "family"
    ASSOCIATE = "associate"
    OCCUPANCY = "occupancy"
    PAYMENT = "payment"
    REPRESENTATION = "representation"
    CONTROL = "control"
    SUCCESSION = "succession"
    UNKNOWN_LINK = "unknown_link"

    @property
    def neo4j_type(self) -> str:
        """The Neo4j relationship type: the same word in upper case."""
        return self.value.upper()


#: FollowTheMoney's edge schemata and the relationship type each stands for: how an FtM
#: import reads them (ingest/parsers/ftm.py) and, the other way, which schema an export
#: writes a relationship as (core/export/ftm.py; board memberships as Directorship).
FTM_EDGES: dict[str, RelType] = {
    "Ownership": RelType.OWNERSHIP,
    "Directorship": RelType.DIRECTORSHIP,
    "Membership": RelType.MEMBERSHIP,
    "Employment": RelType.EMPLOYMENT,
    "Family": RelType.FAMILY,
    "Associate": RelType.ASSOCIATE,
    "Occupancy": RelType.OCCUPANCY,
    "Payment": RelType.PAYMENT,
    "Representation": RelType.REPRESENTATION,
    "UnknownLink": RelType.UNKNOWN_LINK,
    "Succession": RelType.SUCCESSION,
    "Control": RelType.CONTROL,
    "ProjectParticipant": RelType.PARTICIPATION,
}


#: Relationship type that attaches a listing to its list; never a hop between entities.
LISTED_ON = "LISTED_ON"

#: An analyst's SAME judgement between two entities (core/resolution/judgements.py): it joins
#: them into one cluster; never a hop between entities.
SAME_AS = "SAME_AS"

#: Every node label the product writes. Labels are never built from input: a test checks
#: that hostile input leaves no other label in the graph.
NODE_LABELS = frozenset(
    {
        "Entity",
        "Listed",
        "Source",
        "SanctionsList",
        "IngestRun",
        "ApiKey",
        "SchemaMigration",
        "Judgement",
        "Retraction",
        "Watch",
        "Alert",
    }
)

#: Every Neo4j relationship type that connects two entities, in a stable order.
ENTITY_REL_TYPES: tuple[str, ...] = tuple(t.neo4j_type for t in RelType)


class SourceKind(StrEnum):
    ARTICLE = "article"
    REPORT = "report"
    PRESS_RELEASE = "press_release"
    WEBSITE = "website"
    ANNOUNCEMENT = "announcement"
    INTERVIEW = "interview"
    DATASET = "dataset"
    SANCTIONS_LIST = "sanctions_list"
    REGISTER = "register"
    GOVERNMENT_NOTICE = "government_notice"
    COURT_DOCUMENT = "court_document"
    OTHER = "other"


@cache
def entity_kinds() -> frozenset[str]:
    """Entity kinds: the concrete FollowTheMoney *Thing* schemata (Person, Company, ...)."""
    return frozenset(
        s.name
        for s in ftm_model.schemata.values()
        if s.is_a("Thing") and not s.edge and not s.abstract
    )


def rel_type_from_neo4j(neo4j_type: str) -> RelType:
    """Map a Neo4j relationship type back to the API's spelling."""
    return RelType(neo4j_type.lower())
