// Full-text search over names and aliases (original scripts kept). `standard-folding`
// lower-cases and folds accents (Müller = muller); small misspellings are handled by the
// fuzzy terms the API builds (core/search.py), never by passing user text to Lucene raw.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};
