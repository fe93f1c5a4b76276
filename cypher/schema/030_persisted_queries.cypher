// Automatic persisted queries (docs/api.md, "Persisted queries and GET"): the documents
// clients registered by their SHA-256, shared by every server instance; capped, the least
// recently registered dropped first.
CREATE CONSTRAINT persisted_query_hash IF NOT EXISTS FOR (n:PersistedQuery) REQUIRE n.hash IS UNIQUE;
CREATE INDEX persisted_query_stored IF NOT EXISTS FOR (n:PersistedQuery) ON (n.stored_at);
