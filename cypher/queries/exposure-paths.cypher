// name: exposure-paths
// description: Listed parties within N hops of an entity, by the shortest path to each, with
//   the lists they are on and every hop's relationship type.
// param entity_id: string        The entity to start from (its id, e.g. xjtlu).
// param max_hops: int = 3        Longest path to follow, 1 to 6.
// param as_of: date = null       Only relationships and listings in force on this date.
// param limit: int = 100         Most listed parties to return (nearest first).
//
// One row per listed party: ANY SHORTEST picks one shortest path per party, so a party
// reachable many ways is reported once. Hops follow entity relationships only (both ends
// :Entity), never LISTED_ON. The bound {1,6} is fixed because Cypher cannot take it from a
// parameter; max_hops filters below it. "In force as of" follows docs/data-model.md.
MATCH (start:Entity {id: $entity_id})
MATCH p = ANY SHORTEST (start)(
    (:Entity)-[r WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND ($as_of IS NULL
        OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
            AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))]-(n:Entity WHERE n.retracted IS NULL)
  ){1,6}(party:Listed)
WHERE length(p) <= $max_hops AND party <> start
WITH party, p, COLLECT {
    MATCH (party)-[l:LISTED_ON]->(list:SanctionsList)
    WHERE l.retracted IS NULL /* rule: l own or cluster copy */ AND ($as_of IS NULL
      OR ((l.listed_lo IS NULL OR l.listed_lo <= $as_of_hi)
          AND (l.delisted_hi IS NULL OR l.delisted_hi >= $as_of_lo)))
    RETURN list.name + coalesce(' (' + l.listed + ')', '') AS listing
    ORDER BY listing
  } AS listings
WHERE size(listings) > 0
RETURN
  party.id AS party_id,
  party.name AS party,
  party.kind AS kind,
  length(p) AS hops,
  listings,
  [n IN nodes(p) | n.name] AS route,
  [r IN relationships(p) | type(r)] AS relationship_types,
  p AS path
ORDER BY hops, party
LIMIT $limit
