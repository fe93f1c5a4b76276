// name: recent-ingest-runs
// description: The last ingest runs: when, from what, with which outcome and counts, and how
//   many entities each was the last to assert.
// param limit: int = 10          How many runs to return (newest first).
// param outcome: string = null   Only runs with this outcome (ok, invalid, failed).
MATCH (run:IngestRun)
WHERE $outcome IS NULL OR run.outcome = $outcome
RETURN
  run.id AS run_id,
  run.started_at AS started_at,
  run.finished_at AS finished_at,
  run.outcome AS outcome,
  run.failure AS failure,
  run.origin AS origin,
  run.inputs AS inputs,
  run.counts AS counts,
  COUNT { MATCH (e:Entity) WHERE e.last_run = run.id } AS entities_last_asserted
ORDER BY started_at DESC
LIMIT $limit
