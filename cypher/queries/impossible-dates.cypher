// name: impossible-dates
// description: Data quality: relationships that end before they start, listings removed before
//   they were made, and claims dated after a reference date (by default, today).
// param today: date = null       Reference date for "in the future" (default: today's date).
// param limit: int = 500         Most problems to return.
//
// The ingest refuses end-before-start, so rows here came in by another path (a manual fix,
// an old import). Comparisons use the periods' bounds: `end 2019` against `start 2019-06` is
// possible (the end's last day is after the start's first day) and not reported.
WITH coalesce($today_hi, date()) AS today
MATCH (a)-[r]->(b)
WHERE r.retracted IS NULL
  AND (r.end_hi < r.start_lo
    OR r.delisted_hi < r.listed_lo
    OR r.start_lo > today
    OR r.listed_lo > today)
RETURN
  type(r) AS claim,
  r.id AS claim_id,
  a.id AS from_id,
  b.id AS to_id,
  coalesce(r.start, r.listed) AS start,
  coalesce(r.end, r.delisted) AS end,
  CASE
    WHEN r.end_hi < r.start_lo THEN 'ends before it starts'
    WHEN r.delisted_hi < r.listed_lo THEN 'delisted before listed'
    ELSE 'starts after ' + toString(today)
  END AS problem
ORDER BY claim, claim_id
LIMIT $limit
