// name: partners-listed-before-link
// description: Direct partners of an entity (and of its units) that were already on a list
//   when the relationship began: the link was made with a listed party.
// param entity_id: string             The entity to start from.
// param include_units: bool = true    Also the partners of its units (anything PART_OF it, up to two levels).
// param as_of: date = null            Only relationships and listings in force on this date.
//
// "Before" is docs/data-model.md's listedBeforeLink = true: the listing period ends before
// the relationship's start period begins (listed_hi < start_lo). A missing date or
// overlapping periods (listed 2019, link 2019-05) is not "before": see the -after- query
// and entity-dossier for those.
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
WHERE l.retracted IS NULL /* rule: l own or cluster copy */ AND l.listed_hi < r.start_lo
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
