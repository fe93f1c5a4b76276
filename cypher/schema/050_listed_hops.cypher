// Exposure by a distance label and a listed last hop (core/reach.py, docs/performance.md):
// each `(x)-[:LISTED_HOP]->(t)` mirrors one relationship between x and a listed party t;
// the writers find a relationship's mirrors by its id when they re-mirror it. The labels
// (`Entity.listed_hops`) and mirrors themselves are data: `entangle db migrate` computes
// them once for a graph loaded before them (`entangle db maintain` recomputes them).
CREATE INDEX listed_hop_rel IF NOT EXISTS FOR ()-[q:LISTED_HOP]-() ON (q.rel);
