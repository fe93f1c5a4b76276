"""The matcher's evaluation: a labelled set built from the real lists, and its scorer."""
