"""Neo4j access: ``database.Database`` is the one path (reads, writes, bookmarks);
``driver`` holds the driver settings and the error translation."""
