"""A dossier on one entity: identity, listings and exposure paths as lines of text, every
claim footnoted with its source, quote and locator, and a reproducibility stamp.

``build`` turns what the read queries returned into a ``Dossier``; ``markdown`` renders it.
Clients render the same structure (the web app's printable page), so the numbering of the
footnotes is decided once, here.
"""
