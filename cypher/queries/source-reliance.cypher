// name: source-reliance
// description: Which sources the graph leans on: for each source, how many claims cite it, how
//   many are listings, and how many rest on it alone.
// param limit: int = 25          How many sources to return (most cited first).
//
// A source many claims rest on alone is where a correction or retraction would hurt most.
MATCH ()-[r]->()
WHERE r.cite_source IS NOT NULL AND r.retracted IS NULL AND r.via IS NULL  // copies: no claims of their own
WITH r, COLLECT { UNWIND r.cite_source AS s RETURN DISTINCT s } AS sources
UNWIND sources AS source_id
WITH source_id,
  count(r) AS claims,
  sum(CASE WHEN type(r) = 'LISTED_ON' THEN 1 ELSE 0 END) AS listings,
  sum(CASE WHEN size(sources) = 1 THEN 1 ELSE 0 END) AS sole_support
OPTIONAL MATCH (source:Source {id: source_id})
RETURN
  source_id,
  source.title AS title,
  source.kind AS kind,
  source.publisher AS publisher,
  claims,
  listings,
  sole_support
ORDER BY claims DESC, source_id
LIMIT $limit
