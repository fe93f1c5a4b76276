// Screening's candidate retrieval (docs/screening.md): each entity's match keys (name words
// in Latin form, metaphones, consonant skeletons, name symbols, identifiers), computed at
// ingest. The keys are already normalised, lower-case words without spaces, so the
// `whitespace` analyzer indexes each one as a single exact term; Lucene's BM25 then weighs
// rare keys (a family name) above common ones (a frequent given name).
CREATE FULLTEXT INDEX entity_match_keys IF NOT EXISTS
FOR (n:Entity) ON EACH [n.match_keys]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
// Judgements are never updated or deleted; each pair's history is looked up by `pair`.
CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (n:Judgement) REQUIRE n.id IS UNIQUE;
CREATE INDEX judgement_pair IF NOT EXISTS FOR (n:Judgement) ON (n.pair);
