// name: ownership-chains
// description: Chains of ownership, control and part-of above an entity (its owners,
//   controllers and parents) and below it (its holdings and units), with each ownership share
//   and the effective share where every hop is an ownership with a known share.
// param entity_id: string        The entity.
// param max_hops: int = 4        Longest chain, 1 to 6.
// param limit: int = 500         Most chains to return.
//
// Directions differ by type: OWNERSHIP and CONTROL point from the owner down to the asset,
// PART_OF from the part up to the whole. The same predicate orients a hop both ways: a step
// from `near` to `far` goes up exactly when it is PART_OF leaving `near` or OWNERSHIP/CONTROL
// arriving at it. Every chain is returned (not only the shortest): each is a distinct
// ownership route, and the effective share is per route.
MATCH (e:Entity {id: $entity_id})
CALL (e) {
  MATCH p = (e)((near:Entity)-[r:OWNERSHIP|CONTROL|PART_OF]-(far:Entity)
      WHERE (type(r) = 'PART_OF') = (startNode(r) = near)
        AND r.retracted IS NULL AND far.retracted IS NULL){1,6}(other:Entity)
  RETURN 'up' AS direction, p
  UNION ALL
  MATCH p = (e)((near:Entity)-[r:OWNERSHIP|CONTROL|PART_OF]-(far:Entity)
      WHERE (type(r) = 'PART_OF') = (startNode(r) = far)
        AND r.retracted IS NULL AND far.retracted IS NULL){1,6}(other:Entity)
  RETURN 'down' AS direction, p
}
WITH direction, p, relationships(p) AS rels
WHERE length(p) <= $max_hops AND last(nodes(p)) <> e
RETURN
  direction,
  last(nodes(p)).id AS other_id,
  last(nodes(p)).name AS other,
  length(p) AS hops,
  [n IN nodes(p) | n.name] AS chain,
  [r IN rels | type(r)] AS links,
  [r IN rels | r.share] AS shares,
  CASE WHEN all(r IN rels WHERE type(r) = 'OWNERSHIP' AND r.share IS NOT NULL)
    THEN reduce(s = 100.0, r IN rels | s * r.share / 100.0) END AS effective_share
ORDER BY direction DESC, hops, other
LIMIT $limit
