"""Neo4j access: the driver's lifecycle (sync for the CLI and ingest, async for the API)."""
