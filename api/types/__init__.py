"""The GraphQL object types (the names are the contract of issue 5)."""
