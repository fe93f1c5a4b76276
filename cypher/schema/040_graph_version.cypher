// The graph version (core/db/version.py): one node every write transaction bumps, so that
// what an API instance derives from the graph is reused only while the graph is unchanged,
// whichever instance (or CLI) wrote last. The constraint makes the first concurrent MERGE safe.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.id IS UNIQUE;
