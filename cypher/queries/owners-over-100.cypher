// name: owners-over-100
// description: Data quality: entities whose owners' stated shares add up to more than 100 %,
//   with each owner's share and the ownership relationships behind it.
// param as_of: date = null       Only stakes in force on this date (default: every stake).
// param limit: int = 500         Most entities to return.
//
// Each owner counts with the largest minimum it is stated to hold (`share`, else `share_min`):
// one stake stated twice by two sources is not counted twice. The ownership verdicts treat such
// an entity as contradicted by its data: never certainly restricted by ownership, UNDETERMINED
// when a listed party is among its owners (docs/ownership.md). The ingest cannot refuse this:
// the stakes usually arrive from different files and sources.
MATCH (owner:Entity)-[r:OWNERSHIP]->(e:Entity)
WHERE coalesce(r.share, r.share_min) IS NOT NULL
  AND r.retracted IS NULL AND owner.retracted IS NULL AND e.retracted IS NULL
  AND ($as_of IS NULL
    OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
      AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))
WITH e, owner, max(coalesce(r.share, r.share_min)) AS held, collect(r.id) AS relationship_ids
WITH e, sum(held) AS total,
  collect({owner_id: owner.id, owner: owner.name, share: held, relationships: relationship_ids})
    AS owners
WHERE total > 100.000001
RETURN
  e.id AS entity_id,
  e.name AS entity,
  total,
  owners
ORDER BY total DESC, entity_id
LIMIT $limit
