"""The HTTP and GraphQL layer."""
