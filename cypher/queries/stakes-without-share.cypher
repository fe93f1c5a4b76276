// name: stakes-without-share
// description: Data quality: ownership relationships that state no share (no share and no
//   range), which the ownership verdicts must read as 0-100 %; listed owners first.
// param as_of: date = null       Only stakes in force on this date (default: every stake).
// param limit: int = 500         Most relationships to return.
//
// A stake without a share held by a listed (or restricted) owner makes its asset
// UNDETERMINED under the ownership rules (docs/ownership.md): these are the figures worth
// looking up first.
MATCH (owner:Entity)-[r:OWNERSHIP]->(asset:Entity)
WHERE r.share IS NULL AND r.share_min IS NULL AND r.share_max IS NULL
  AND r.retracted IS NULL AND owner.retracted IS NULL AND asset.retracted IS NULL
  AND ($as_of IS NULL
    OR ((r.start_lo IS NULL OR r.start_lo <= $as_of_hi)
      AND (r.end_hi IS NULL OR r.end_hi >= $as_of_lo)))
RETURN
  r.id AS relationship_id,
  owner.id AS owner_id,
  owner.name AS owner,
  owner:Listed AS owner_listed,
  asset.id AS asset_id,
  asset.name AS asset,
  r.start AS start,
  r.end AS end,
  r.cite_source AS sources
ORDER BY owner_listed DESC, asset_id, relationship_id
LIMIT $limit
