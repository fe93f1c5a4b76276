"""Shared domain code of Entanglements: settings, vocabulary, records, Neo4j access."""
