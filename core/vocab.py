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
#: them into one cluster. Graph searches walk it as a *judgement hop*, either way, citing
#: the judgement instead of sources (core/reads/filters.py ``search_hop``).
SAME_AS = "SAME_AS"

#: The last-hop structure of exposure searches (core/reach.py): ``(x)-[:LISTED_HOP]->(t)``
#: mirrors one relationship (or ``SAME_AS`` link) between ``x`` and a listed party ``t``, with
#: what the search's filters read; never a claim, never a hop of its own.
LISTED_HOP = "LISTED_HOP"

#: The entity property holding a lower bound of the hops to the nearest listed party
#: (core/reach.py): what exposure searches prune with.
LISTED_HOPS = "listed_hops"

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
        "PersistedQuery",
        "GraphVersion",
    }
)

#: Every Neo4j relationship type that connects two entities, in a stable order.
ENTITY_REL_TYPES: tuple[str, ...] = tuple(t.neo4j_type for t in RelType)


class ListPublication(StrEnum):
    """The official publications the list parsers read (docs/ingest.md): a listing from
    one of them records it, so that a snapshot of that publication decides about it."""

    UN_SC = "un-sc"  # UN Security Council Consolidated List
    OFAC_SDN = "ofac-sdn"  # OFAC Specially Designated Nationals (sdn.xml / sdn.csv)
    OFAC_CONS = "ofac-cons"  # OFAC Consolidated (non-SDN) lists
    EU_FSF = "eu-fsf"  # EU Financial Sanctions Files
    UK_OFSI = "uk-ofsi"  # UK OFSI Consolidated List
    BIS_DPL = "bis-dpl"  # BIS Denied Persons List


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


class NodeKind(StrEnum):
    """The kinds of things the API identifies by a global id (docs/api.md, "Global ids").

    A global id is ``<kind>:<key>`` (``source:aspi-xjtlu-2025``, ``alert:al-2026...``), except
    an entity's, which is its bare id (``xjtlu``): entity ids are the ones people see in
    URLs, files and the CLI. The ingest refuses an entity id that starts with one of these
    prefixes (``RESERVED_ID_PREFIXES``), so the two forms never collide.
    """

    ENTITY = "entity"
    RELATIONSHIP = "relationship"
    LISTING = "listing"
    SOURCE = "source"
    LIST = "list"
    ALERT = "alert"
    JUDGEMENT = "judgement"
    RETRACTION = "retraction"
    RUN = "run"
    RULE = "rule"
    QUERY = "query"
    WATCH = "watch"


#: Computed results (reports, paths, hits, ...) carry ids too, so that clients can cache
#: them (docs/api.md, "Global ids"): ``<kind>:<digest of what they were computed from>``.
RESULT_KINDS = ("report", "exposure", "path", "hop", "hit", "verdict", "event", "dossier")

RESERVED_ID_PREFIXES: tuple[str, ...] = tuple(
    f"{kind}:" for kind in (*(k.value for k in NodeKind), *RESULT_KINDS)
)


def global_id(kind: NodeKind, key: str) -> str:
    return key if kind is NodeKind.ENTITY else f"{kind.value}:{key}"


def parse_global_id(value: str) -> tuple[NodeKind, str]:
    """The kind and key of a global id; a value without a known prefix is an entity id."""
    prefix, sep, key = value.partition(":")
    if sep and prefix in _KINDS and prefix != NodeKind.ENTITY.value:
        return NodeKind(prefix), key
    return NodeKind.ENTITY, value


def key_of(kind: NodeKind, value: str) -> str:
    """The key in ``value``, given as a global id of ``kind`` or as the bare key: arguments
    take either, so ids copied from the CLI and from a response both work."""
    found, key = parse_global_id(value)
    return key if found is kind else value


_KINDS = frozenset(kind.value for kind in NodeKind)


class AlertKind(StrEnum):
    """What a watch check found changed (core/watch/check.py)."""

    LISTED = "listed"  # a party in reach gained a listing
    NEW_EXPOSURE = "new_exposure"  # a listed party came into reach
    DELISTED = "delisted"  # a party in reach lost its listing
    VANISHED_EXPOSURE = "vanished_exposure"  # a listed party left the reach
    SHORTER_PATH = "shorter_path"  # a party in reach came closer
    VERDICT_CHANGED = "verdict_changed"  # the watched entity's ownership verdict changed


class HistoryAction(StrEnum):
    """What an event of an element's history did (core/corrections/history.py)."""

    CREATED = "created"
    CHANGED = "changed"
    STATED = "stated"  # re-ingested unchanged
    RETRACTED = "retracted"
    UNRETRACTED = "unretracted"
    CITATION_WITHDRAWN = "citation_withdrawn"
    CITATION_RESTORED = "citation_restored"
    JUDGED_SAME = "judged_same"
    JUDGED_DIFFERENT = "judged_different"
    JUDGED_UNSURE = "judged_unsure"
    JUDGED_NONE = "judged_none"


class IngestOutcome(StrEnum):
    """How an ingest ended (ingest/summary.py)."""

    OK = "ok"
    INVALID = "invalid"  # nothing written
    FAILED = "failed"
    DRY_RUN = "dry-run"
