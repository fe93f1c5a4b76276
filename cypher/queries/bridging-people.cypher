// name: bridging-people
// description: People within reach of listed parties whose lists come from different
//   authorities: the individuals who connect, say, an EU-sanctioned body to a party on the US
//   Entity List.
// param max_hops: int = 2        How far a person may be from each listed party, 1 to 3.
// param limit: int = 100         Most people to return (those bridging the most authorities first).
//
// A person bridges when at least two parties they reach are listed by different sets of
// authorities. A listed person is reported too (their own listings are not a hop).
MATCH (person:Entity {kind: 'Person'}) WHERE person.retracted IS NULL
MATCH p = ANY SHORTEST (person)((:Entity)-[r WHERE r.retracted IS NULL]-(n:Entity WHERE n.retracted IS NULL)){1,3}(party:Listed)
WHERE length(p) <= $max_hops AND party <> person
WITH person, party, length(p) AS hops, COLLECT {
    MATCH (party)-[l:LISTED_ON]->(list:SanctionsList) WHERE l.retracted IS NULL /* rule: l own or cluster copy */
    RETURN DISTINCT list.authority AS authority ORDER BY authority
  } AS authorities
WHERE size(authorities) > 0
WITH person, collect({id: party.id, name: party.name, hops: hops, authorities: authorities})
  AS parties
WHERE any(x IN parties WHERE any(y IN parties WHERE x.authorities <> y.authorities))
WITH person, parties, COLLECT {
    UNWIND parties AS party
    UNWIND party.authorities AS authority
    RETURN DISTINCT authority ORDER BY authority
  } AS authorities
RETURN
  person.id AS person_id,
  person.name AS person,
  person:Listed AS listed,
  size(authorities) AS authority_count,
  authorities,
  [x IN parties | x.name + ' (' + toString(x.hops) + ' hops)'] AS parties
ORDER BY authority_count DESC, person
LIMIT $limit
