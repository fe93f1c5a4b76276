// name: shared-neighbours
// description: Entities directly linked to both of two entities: the common ground between
//   them, with how each side is linked.
// param a_id: string              One entity.
// param b_id: string              The other entity.
// param as_of: date = null        Only relationships in force on this date.
MATCH (a:Entity {id: $a_id}), (b:Entity {id: $b_id})
MATCH (a)-[ra]-(n:Entity)-[rb]-(b)
WHERE n <> a AND n <> b
  AND NOT 'LISTED_HOP' IN [type(ra), type(rb)]
  AND ra.retracted IS NULL AND rb.retracted IS NULL AND n.retracted IS NULL
  AND ($as_of IS NULL
    OR all(r IN [ra, rb] WHERE (r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
      AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))
WITH n, collect(DISTINCT type(ra)) AS links_to_a, collect(DISTINCT type(rb)) AS links_to_b
RETURN
  n.id AS neighbour_id,
  n.name AS neighbour,
  n.kind AS kind,
  n:Listed AS listed,
  links_to_a,
  links_to_b
ORDER BY listed DESC, neighbour
