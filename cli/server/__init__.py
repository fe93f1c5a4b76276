"""A local Neo4j Community server run from Maven Central jars, without Docker."""
