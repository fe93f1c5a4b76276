"""Resolution: the one owner of identity (docs/data-model.md, "Clusters").

Like nomenklatura's resolver, it owns the analysts' judgement records (``judgements``), the
judgement in force of each pair, the clusters SAME judgements make, and the cluster's
derived form in the graph (``clusters``): every member carries a copy of each other
member's own listings. Every writer that changes what a cluster is or what its members'
own listings say (a judgement, an ingest of listings, a snapshot's delistings, a
retraction or its undoing) calls ``clusters.refresh`` in its own transaction, so no read
ever sees a cluster out of step with its judgements and listings, and nothing has to be
run afterwards. The query rules for telling an own listing from a copy are ``OWN_LISTING``
and ``CLUSTER_COPY`` (core/reads/rules.py).
"""
