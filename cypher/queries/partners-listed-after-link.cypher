// name: partners-listed-after-link
// description: Direct partners of an entity (and of its units) that were put on a list only
//   after the relationship began: a link that later became a listed one.
// param entity_id: string             The entity to start from.
// param include_units: bool = true    Also the partners of its units (anything PART_OF it, up to two levels).
// param as_of: date = null            Only relationships and listings in force on this date.
//
// "After" is docs/data-model.md's listedBeforeLink = false: the listing period begins on
// or after the last day of the relationship's start period (listed_lo >= start_hi). A missing
// date or overlapping periods is neither: see partners-listed-before-link and
// entity-dossier for those.
MATCH (e:Entity {id: $entity_id})
OPTIONAL MATCH (u:Entity)-[p:PART_OF WHERE p.retracted IS NULL]->{1,2}(e)
  WHERE $include_units AND u.retracted IS NULL
WITH e, [e] + collect(DISTINCT u) AS units
UNWIND units AS unit
MATCH (unit)-[r]-(partner:Listed)
WHERE NOT partner IN units AND type(r) <> 'LISTED_HOP' AND r.retracted IS NULL AND partner.retracted IS NULL
  AND ($as_of IS NULL
    OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
      AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))
MATCH (partner)-[l:LISTED_ON]->(list:SanctionsList)
WHERE l.retracted IS NULL /* rule: l own or cluster copy */ AND l.listed_lo >= r.start_hi
  AND ($as_of IS NULL
    OR ((l.listed_lo IS NULL OR l.listed_lo <= $as_of_hi)
      AND (l.delisted_hi IS NULL OR l.delisted_hi >= $as_of_lo)))
RETURN
  partner.id AS partner_id,
  partner.name AS partner,
  unit.id AS via,
  type(r) AS relationship,
  r.id AS relationship_id,
  r.start AS link_start,
  list.name AS list,
  list.authority AS authority,
  l.listed AS listed,
  r.cite_source AS link_sources,
  l.cite_source AS listing_sources
ORDER BY partner, list
