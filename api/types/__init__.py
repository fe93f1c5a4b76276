"""The GraphQL object types (their names are the API's contract, docs/api.md)."""
