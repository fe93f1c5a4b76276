// name: entity-dossier
// description: Every claim about an entity with its evidence: each relationship, listing and
//   the entity's own citations, one row per citation with the source, quote and locator.
// param entity_id: string        The entity.
//
// Citations are parallel lists on each relationship (docs/data-model.md); UNWIND over their
// indexes keeps source, quote and locator of one citation together.
MATCH (e:Entity {id: $entity_id})
CALL (e) {
  MATCH (e)-[r]-(other:Entity)
  WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND other.retracted IS NULL
  RETURN type(r) AS claim, r.id AS claim_id,
    CASE WHEN startNode(r) = e THEN 'from' ELSE 'to' END AS direction,
    other.id AS other_id, other.name AS other, r.role AS detail,
    r.start AS start, r.end AS end,
    r.cite_source AS sources, r.cite_quote AS quotes, r.cite_locator AS locators
  UNION ALL
  MATCH (e)-[l:LISTED_ON]->(list:SanctionsList)
  WHERE l.retracted IS NULL /* rule: l own or cluster copy */
  RETURN 'LISTED_ON' AS claim, l.id AS claim_id, 'from' AS direction,
    list.id AS other_id, list.name AS other, coalesce(l.program, l.reason) AS detail,
    l.listed AS start, l.delisted AS end,
    l.cite_source AS sources, l.cite_quote AS quotes, l.cite_locator AS locators
  UNION ALL
  RETURN 'ENTITY' AS claim, e.id AS claim_id, null AS direction,
    null AS other_id, null AS other, e.description AS detail,
    null AS start, null AS end,
    coalesce(e.cite_source, []) AS sources, e.cite_quote AS quotes, e.cite_locator AS locators
}
UNWIND range(0, size(sources) - 1) AS i
OPTIONAL MATCH (source:Source {id: sources[i]})
RETURN
  claim,
  claim_id,
  direction,
  other_id,
  other,
  detail,
  start,
  end,
  sources[i] AS source_id,
  source.title AS source_title,
  source.url AS source_url,
  quotes[i] AS quote,
  locators[i] AS locator
ORDER BY claim = 'ENTITY' DESC, claim, other, claim_id, i
