// name: path-between
// description: How two entities are connected: every shortest path between them, with each
//   hop's relationship, dates and sources.
// param a_id: string             One entity.
// param b_id: string             The other entity.
// param max_hops: int = 4        Longest path to look for, 1 to 6.
// param as_of: date = null       Only relationships in force on this date.
// param limit: int = 25          Most paths to return.
MATCH (a:Entity {id: $a_id}), (b:Entity {id: $b_id})
MATCH p = ALL SHORTEST (a)(
    (:Entity)-[r WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND ($as_of IS NULL
        OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
            AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))]-(n:Entity WHERE n.retracted IS NULL)
  ){1,6}(b)
WHERE length(p) <= $max_hops
RETURN
  length(p) AS hops,
  [n IN nodes(p) | n.name] AS route,
  [r IN relationships(p) | {
    type: type(r), id: r.id, from: startNode(r).id, to: endNode(r).id,
    start: r.start, end: r.end, sources: r.cite_source
  }] AS links,
  p AS path
ORDER BY hops
LIMIT $limit
