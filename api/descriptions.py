"""Descriptions of what recurs across the schema, written once: the arguments (``first``
means the same on every field that takes it) and the values of the vocabulary's enums
(core/vocab.py), whose comments stay in core. ``describe`` fills them into the built
schema and refuses a schema that still has an undescribed argument or enum value, so a
new one cannot ship without its description (the linter in ``make test`` checks the rest).
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLSchema

#: By argument name; ``field.argument`` overrides for the fields where it means more.
ARGUMENTS: dict[str, str] = {
    "id": "An id: a global id (`Node.id`) or the bare key, as the CLI and files spell it.",
    "ids": "Global ids (or bare keys of the field's kind), at most 500.",
    "node.id": "A global id (`Node.id`).",
    "nodes.ids": "Global ids, at most 500; each unknown one gives null in its place.",
    "entityId": "The entity's id.",
    "first": "How many items at most (0 to ENTANGLE_MAX_FIRST, default as shown).",
    "after": "A cursor from a previous page (`endCursor`, `cursor`): the items after it.",
    "asOf": "Only what was in force on this date (docs/api.md, partial dates).",
    "lists": "Only these lists (global ids or list ids); all when omitted.",
    "maxHops": "The most hops to search (1 to ENTANGLE_MAX_HOPS).",
    "relationshipTypes": "Only hops of these types (lower case; all when omitted).",
    "types": "Only relationships of these types (lower case; all when omitted).",
    "direction": "Only hops walked along (OUTGOING) or against (INCOMING) their arrow.",
    "includeRetracted": "Also show retracted claims, marked `retracted: true`.",
    "includeDerived": "Also report parties restricted by ownership within reach.",
    "throughJudgements": "Also walk analysts' SAME judgements as hops (judgement hops, either "
    "way whatever `direction`); `false` leaves them out (null: the default, true).",
    "text": "The name to look for (at most 200 characters).",
    "kinds": "Only entities of these FollowTheMoney schemata (Person, Company, ...).",
    "fromId": "The entity the paths start from.",
    "toId": "The entity the paths end at.",
    "rule": "An ownership rule (`ownershipRules`: ofac-50, bis-affiliates, ...).",
    "query": "The party to screen.",
    "queries": "The parties to screen, at most 100.",
    "threshold": "The score from which a candidate is a match (default ENTANGLE_MATCH_THRESHOLD).",
    "screen.first": "How many candidates at most (0 to 50).",
    "screenMany.first": "How many candidates at most per party (0 to 50).",
    "a": "The first party or entity.",
    "b": "The second party or entity.",
    "judgement": "The decision: SAME, DIFFERENT, UNSURE, or NONE to undo.",
    "note": "Why, in the analyst's words (kept with the judgement).",
    "records": "Findings records, each an object with a `record` key (docs/ingest.md).",
    "skipInvalid": "Write the valid records and report the others (default: write nothing).",
    "target": "The kind of element the id names.",
    "reason": "Why (kept with the decision).",
    "since": "Only alerts raised on or after the first day of this date.",
    "unacknowledged": "Only alerts nobody acknowledged yet.",
    "name": "The saved query's name (`savedQueries`).",
    "parameters": "The saved query's parameters, as an object of name: value.",
    "dossier.first": "How many exposures the dossier lists at most.",
}

#: The values of the enums defined in core (vocab, ownership, resolution), by "Enum.VALUE".
ENUM_VALUES: dict[str, str] = {
    "AlertKind.LISTED": "A party in reach gained a listing.",
    "AlertKind.NEW_EXPOSURE": "A listed party came into reach.",
    "AlertKind.DELISTED": "A party in reach lost its listing.",
    "AlertKind.VANISHED_EXPOSURE": "A listed party left the reach.",
    "AlertKind.SHORTER_PATH": "A party in reach came closer.",
    "AlertKind.VERDICT_CHANGED": "The watched entity's ownership verdict changed.",
    "HistoryAction.CREATED": "An ingest created it.",
    "HistoryAction.CHANGED": "An ingest changed it.",
    "HistoryAction.STATED": "An ingest stated it again, unchanged.",
    "HistoryAction.RETRACTED": "It was retracted.",
    "HistoryAction.UNRETRACTED": "Its retraction was undone.",
    "HistoryAction.CITATION_WITHDRAWN": "A retracted source's citation of it was withdrawn.",
    "HistoryAction.CITATION_RESTORED": "That citation was restored.",
    "HistoryAction.JUDGED_SAME": "An analyst judged it the same party as another entity.",
    "HistoryAction.JUDGED_DIFFERENT": "An analyst judged it a different party.",
    "HistoryAction.JUDGED_UNSURE": "An analyst looked and was unsure.",
    "HistoryAction.JUDGED_NONE": "An analyst undid a judgement.",
    "IngestOutcome.OK": "Every record was written (or skipped with skipInvalid).",
    "IngestOutcome.INVALID": "Some records were invalid: nothing was written.",
    "IngestOutcome.FAILED": "It stopped on an error (the database, a timeout).",
    "IngestOutcome.DRY_RUN": "Checked, nothing written (entangle ingest --dry-run).",
    "JudgementVerdict.SAME": "One party: joins their clusters.",
    "JudgementVerdict.DIFFERENT": "Two parties: kept out of `entangle resolve`'s proposals.",
    "JudgementVerdict.UNSURE": "Looked at, undecided.",
    "JudgementVerdict.NONE": "Undoes the pair's judgement in force.",
    "Verdict.RESTRICTED": "The rule restricts it.",
    "Verdict.CLEAR": "The rule does not restrict it.",
    "Verdict.UNDETERMINED": "The evidence allows both (shares stated as ranges).",
    "Role.READER": "Every query.",
    "Role.EDITOR": "Every query, ingests, judgements, retractions and acknowledgements.",
    "Role.ADMIN": "Everything an editor may, and administrative fields.",
    "VerdictReason.LISTED": "On one of the rule's lists itself.",
    "VerdictReason.OWNERSHIP": "Restricted owners' shares reach the threshold.",
    "VerdictReason.CONTROL": "Controlled by a restricted party, and the rule counts control.",
    "VerdictReason.OPEN": "The threshold lies within the possible range of shares.",
    "VerdictReason.CONFLICT": "Its owners' stated shares add up to more than 100 %.",
    "VerdictReason.BELOW": "Restricted owners hold less than the threshold.",
    "VerdictReason.EXEMPT": "The rule does not apply to entities of its country.",
    "VerdictReason.NOT_IN_FORCE": "The rule was not in force (or suspended) on the date.",
}


def describe(schema: GraphQLSchema) -> None:
    """Fill in argument and enum value descriptions; ValueError for any still missing."""
    missing: list[str] = []
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType):
            for field_name, field in type_.fields.items():
                for arg_name, arg in field.args.items():
                    found = ARGUMENTS.get(f"{field_name}.{arg_name}") or ARGUMENTS.get(arg_name)
                    arg.description = arg.description or found
                    if not arg.description:
                        missing.append(f"{type_.name}.{field_name}({arg_name})")
        elif isinstance(type_, GraphQLEnumType):
            for value_name, value in type_.values.items():
                value.description = value.description or ENUM_VALUES.get(
                    f"{type_.name}.{value_name}"
                )
                if not value.description:
                    missing.append(f"{type_.name}.{value_name}")
    if missing:
        raise ValueError(f"undescribed in the GraphQL schema: {', '.join(missing)}")
