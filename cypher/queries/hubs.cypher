// name: hubs
// description: The most connected entities (by number of relationships to other entities),
//   with how many distinct neighbours they have and how many of those are listed.
// param limit: int = 20          How many entities to return.
// param kind: string = null      Only entities of this kind (Person, Organization, Company, PublicBody, ...).
// param tag: string = null       Only entities with this tag (university, lab, company, ...).
//
// Listings are not counted: LISTED_ON leads to a list, not to an entity; nor are the
// exposure search's LISTED_HOP mirrors (core/reach.py), which are no claims.
MATCH (e:Entity)
WHERE e.retracted IS NULL AND ($kind IS NULL OR e.kind = $kind) AND ($tag IS NULL OR $tag IN e.tags)
WITH e, COUNT { (e)-[r]-(n:Entity) WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND n.retracted IS NULL } AS degree
WHERE degree > 0
RETURN
  e.id AS entity_id,
  e.name AS entity,
  e.kind AS kind,
  e:Listed AS listed,
  degree,
  COUNT {
    MATCH (e)-[r]-(n:Entity) WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND n.retracted IS NULL RETURN DISTINCT n
  } AS neighbours,
  COUNT {
    MATCH (e)-[r]-(n:Listed) WHERE type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND n.retracted IS NULL RETURN DISTINCT n
  } AS listed_neighbours
ORDER BY degree DESC, entity
LIMIT $limit
