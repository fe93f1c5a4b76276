// name: uncited-entities
// description: Data quality: entities that no cited relationship or listing touches (isolated
//   records, or linked only by uncited claims), with the entity's own citations if any.
// param limit: int = 500         Most entities to return.
//
// The ingest refuses a relationship or listing without a citation, so in a healthy graph
// this finds entities that are mentioned but not (yet) linked to anything: worth linking,
// or worth removing.
MATCH (e:Entity)
WHERE e.retracted IS NULL AND NOT EXISTS {
  MATCH (e)-[r]-()
  WHERE size(coalesce(r.cite_source, [])) > 0 AND r.retracted IS NULL
}
RETURN
  e.id AS entity_id,
  e.name AS entity,
  e.kind AS kind,
  COUNT { (e)-[r]-() WHERE type(r) <> 'LISTED_HOP' } AS relationships,
  coalesce(e.cite_source, []) AS own_sources
ORDER BY entity
LIMIT $limit
