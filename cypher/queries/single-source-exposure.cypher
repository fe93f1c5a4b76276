// name: single-source-exposure
// description: Claims on an entity's exposure paths that rest on a single source: the hops
//   and listings to corroborate before relying on the path.
// param entity_id: string        The entity whose exposure paths to check.
// param max_hops: int = 3        Longest exposure path to follow, 1 to 6.
// param limit: int = 500         Most claims to return.
//
// A claim citing the same source twice (two quotes from one article) still rests on one
// source: sources are counted distinct.
MATCH (start:Entity {id: $entity_id})
MATCH p = ANY SHORTEST (start)((:Entity)-[r WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL]-(n:Entity WHERE n.retracted IS NULL)){1,6}(party:Listed)
WHERE length(p) <= $max_hops AND party <> start
  AND EXISTS { (party)-[l:LISTED_ON]->() WHERE l.retracted IS NULL AND l.via IS NULL }
UNWIND relationships(p) + COLLECT {
    MATCH (party)-[l:LISTED_ON]->(:SanctionsList) WHERE l.retracted IS NULL AND l.via IS NULL RETURN l
  } AS claim
WITH claim, collect(DISTINCT party.name) AS exposes
WITH claim, exposes, COLLECT {
    UNWIND claim.cite_source AS source_id RETURN DISTINCT source_id
  } AS sources
WHERE size(sources) = 1
OPTIONAL MATCH (source:Source {id: sources[0]})
RETURN
  type(claim) AS claim,
  claim.id AS claim_id,
  startNode(claim).name AS from,
  endNode(claim).name AS to,
  sources[0] AS only_source,
  source.title AS source_title,
  size(claim.cite_source) AS citations,
  exposes
ORDER BY claim = 'LISTED_ON', from, to, claim_id
LIMIT $limit
