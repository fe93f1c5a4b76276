// name: dangling-citations
// description: Data quality: citations that name a source missing from the graph, and claims
//   whose parallel citation lists (source, quote, locator) differ in length.
// param limit: int = 500         Most problems to return.
//
// Both break the dossier: a citation must resolve to a Source node, and the i-th quote must
// belong to the i-th source (docs/data-model.md, Citations). Entities' own citations are
// checked as well as relationships' and listings'.
CALL () {
  MATCH (a)-[r]->(b)
  WHERE r.cite_source IS NOT NULL AND r.retracted IS NULL
  RETURN type(r) AS claim, r.id AS claim_id, a.id AS from_id, b.id AS to_id,
    r.cite_source AS sources, r.cite_quote AS quotes, r.cite_locator AS locators
  UNION ALL
  MATCH (e:Entity)
  WHERE e.cite_source IS NOT NULL AND e.retracted IS NULL
  RETURN 'ENTITY' AS claim, e.id AS claim_id, e.id AS from_id, null AS to_id,
    e.cite_source AS sources, e.cite_quote AS quotes, e.cite_locator AS locators
}
WITH claim, claim_id, from_id, to_id, sources,
  [s IN sources WHERE NOT EXISTS { MATCH (:Source {id: s}) }] AS missing,
  size(sources) <> size(coalesce(quotes, [])) OR size(sources) <> size(coalesce(locators, []))
    AS ragged
WHERE size(missing) > 0 OR ragged
RETURN
  claim,
  claim_id,
  from_id,
  to_id,
  missing AS missing_sources,
  ragged AS uneven_citation_lists
ORDER BY claim, claim_id
LIMIT $limit
