"""Package data: the graph schema (``schema/``) and the saved-query library (``queries/``)."""
