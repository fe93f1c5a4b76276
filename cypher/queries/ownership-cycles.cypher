// name: ownership-cycles
// description: Ownership and control cycles: entities that own or control themselves through
//   others, each cycle once, with its entities, relationships and shares.
// param max_hops: int = 6        Longest cycle, 2 to 8.
// param limit: int = 200         Most cycles to return.
//
// Cross-holdings are legal, but they are where ownership data is most often wrong (a stake
// recorded in the wrong direction). The ownership verdicts terminate on cycles and never let
// one justify itself (docs/ownership.md). Each cycle is reported once, from its entity with
// the smallest id; only simple cycles (no entity twice) are kept.
MATCH p = (e:Entity)(()-[s:OWNERSHIP|CONTROL WHERE s.retracted IS NULL]->()){1,8}(e)
WHERE length(p) <= $max_hops AND all(n IN nodes(p) WHERE n.retracted IS NULL)
  AND all(n IN nodes(p) WHERE n.id >= e.id)
WITH p, nodes(p)[0..-1] AS members
WHERE all(i IN range(0, size(members) - 2) WHERE NOT members[i] IN members[i + 1..])
RETURN
  length(p) AS length,
  [n IN members | n.id] AS entity_ids,
  [n IN members | n.name] AS entities,
  [r IN relationships(p) | r.id] AS relationship_ids,
  [r IN relationships(p) | coalesce(r.share, r.share_min)] AS shares
ORDER BY length, entity_ids
LIMIT $limit
