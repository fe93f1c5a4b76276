// name: authority-listed-links
// description: Everything one authority lists, with each party's shortest link into a watched
//   entity (or none within reach).
// param authority: string        A list id (us-bis-entity-list) or words of the authority's name, case-insensitive (Commerce, Council of the European Union).
// param entity_id: string        The watched entity.
// param max_hops: int = 3        Longest link to look for, 1 to 6.
// param as_of: date = null       Only listings and relationships in force on this date.
// param limit: int = 500         Most listed parties to return (linked ones first).
//
// Parties with no link within max_hops are kept (hops and route null): "what else does this
// authority list that we are not (yet) linked to" is part of the answer.
MATCH (list:SanctionsList)
WHERE list.id = $authority OR toLower(list.authority) CONTAINS toLower($authority)
MATCH (party:Entity)-[l:LISTED_ON]->(list)
WHERE l.retracted IS NULL AND party.retracted IS NULL /* rule: l own or cluster copy */
  AND ($as_of IS NULL
    OR ((l.listed_lo IS NULL OR l.listed_lo <= $as_of_hi)
      AND (l.delisted_hi IS NULL OR l.delisted_hi >= $as_of_lo)))
MATCH (watched:Entity {id: $entity_id})
OPTIONAL MATCH p = ANY SHORTEST (watched)(
    (:Entity)-[r WHERE r.retracted IS NULL AND ($as_of IS NULL
        OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
            AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))]-(n:Entity WHERE n.retracted IS NULL)
  ){1,6}(party)
  WHERE length(p) <= $max_hops
RETURN
  party.id AS party_id,
  party.name AS party,
  list.name AS list,
  list.authority AS authority,
  l.program AS program,
  l.listed AS listed,
  length(p) AS hops,
  [n IN nodes(p) | n.name] AS route,
  [r IN relationships(p) | type(r)] AS relationship_types
ORDER BY hops IS NULL, hops, party, list
LIMIT $limit
