// Data, not schema: listings that the official-list parsers wrote before a listing
// recorded its publication (issue 24) get it, so that a snapshot of that publication
// finds them. Decided by what the listing cites: a source of kind sanctions_list whose id
// is the publication's (<prefix>-<date or digest>, as every list version is named), on a
// list of that publication (<prefix> or <prefix>-<programme>). Idempotent: only listings
// without a publication are looked at. docs/ingest.md, "List versions".
UNWIND ['un-sc', 'ofac-sdn', 'ofac-cons', 'eu-fsf', 'uk-ofsi', 'bis-dpl'] AS publication
MATCH ()-[r:LISTED_ON]->(l:SanctionsList)
WHERE r.publication IS NULL
  AND (l.id = publication OR l.id STARTS WITH publication + '-')
  AND any(source IN coalesce(r.cite_source, [])
          WHERE source STARTS WITH publication + '-'
            AND EXISTS { MATCH (:Source {id: source, kind: 'sanctions_list'}) })
SET r.publication = publication;
