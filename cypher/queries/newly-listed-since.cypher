// name: newly-listed-since
// description: Parties listed on or after a date, with their shortest link to a watched
//   entity: what changed on the lists, and whether it reaches us.
// param since: date              Listings from this date on (2024 means from 2024-01-01).
// param entity_id: string        The watched entity.
// param max_hops: int = 4        Longest link to look for, 1 to 6.
// param limit: int = 500         Most listings to return (newest first).
//
// With partial dates a listing can only *possibly* fall after `since` (listed 2024 against
// since 2024-06): it is included, and `certain` says whether it is definitely on or after.
// Listings without a date are left out: nothing says they are new.
MATCH (party:Entity)-[l:LISTED_ON]->(list:SanctionsList)
WHERE l.listed_hi >= $since_lo AND l.retracted IS NULL AND party.retracted IS NULL /* rule: l own or cluster copy */
MATCH (watched:Entity {id: $entity_id})
OPTIONAL MATCH p = ANY SHORTEST (watched)((:Entity)-[r WHERE r.retracted IS NULL]-(n:Entity WHERE n.retracted IS NULL)){1,6}(party)
  WHERE length(p) <= $max_hops
RETURN
  party.id AS party_id,
  party.name AS party,
  list.name AS list,
  l.listed AS listed,
  l.listed_lo >= $since_lo AS certain,
  l.reason AS reason,
  length(p) AS hops,
  [n IN nodes(p) | n.name] AS route
ORDER BY l.listed_lo DESC, hops, party, list
LIMIT $limit
