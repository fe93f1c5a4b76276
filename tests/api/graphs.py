"""Hand-built graphs with known answers (ids are relative to a Findings prefix)."""

from __future__ import annotations

from tests.api.conftest import Findings


def investigation(f: Findings) -> Findings:
    """A university ``u`` and listed parties around it, each testing one rule.

    =====  ========  ==============================  =====================  ==================
    party  distance  link (start-end)                listing (listed-del.)  listedBeforeLink
    =====  ========  ==============================  =====================  ==================
    l1     1         l1 -collaboration-> u  2020     el 2018-03-01          true
    l2     2         u-a-l2 (2019), u-b-l2 (2022)    uk 2021-06             false (a: 2019)
    l3     1         u -funding-> l3  2019-05-12     el 2019                null (overlap)
    l4     1         u -employment-> l4  2015        el (no date)           null (unknown)
    l5     4         u-a-c-d-l5                      el 2020                -
    l6     1         u -partnership-> l6             el 2010-2012           null (no start)
    l7     1         u -partnership-> l7 2010-2015   uk 2009                true
    l8     1         u -partnership-> l8 2022        el 2021                true
    =====  ========  ==============================  =====================  ==================

    ``u`` is itself listed (never its own exposure).
    """
    f.sanctions_list("el", name="Entity List", authority="US BIS", country="us")
    f.sanctions_list("uk", name="UK Sanctions List", authority="OFSI", country="gb")
    f.entity("u", name="Test University", tags=["university"], countries=["gb"])
    for key in ("a", "b", "c", "d"):
        f.entity(key)
    for key in ("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8"):
        f.entity(key, name=f"Listed {key}", kind="Company", countries=["cn"])
    f.rel("r-u-a", "partnership", "u", "a", start="2018")
    f.rel("r-l1-u", "collaboration", "l1", "u", start="2020", role="co-lab")
    f.rel("r-a-l2", "ownership", "a", "l2", start="2019", share=51)
    f.rel("r-u-b", "partnership", "u", "b", start="2018")
    f.rel("r-b-l2", "funding", "b", "l2", start="2022")
    f.rel("r-u-l3", "funding", "u", "l3", start="2019-05-12")
    f.rel("r-u-l4", "employment", "u", "l4", start="2015")
    f.rel("r-a-c", "membership", "a", "c")
    f.rel("r-c-d", "membership", "c", "d")
    f.rel("r-d-l5", "membership", "d", "l5")
    f.rel("r-u-l6", "partnership", "u", "l6")
    f.rel("r-u-l7", "partnership", "u", "l7", start="2010", end="2015")
    f.rel("r-u-l8", "partnership", "u", "l8", start="2022")
    f.listing("x-u", "u", "el", listed="2023")
    f.listing("x-l1", "l1", "el", listed="2018-03-01", program="EAR")
    f.listing("x-l2", "l2", "uk", listed="2021-06")
    f.listing("x-l3", "l3", "el", listed="2019")
    f.listing("x-l4", "l4", "el")
    f.listing("x-l5", "l5", "el", listed="2020")
    f.listing("x-l6", "l6", "el", listed="2010", delisted="2012")
    f.listing("x-l7", "l7", "uk", listed="2009")
    f.listing("x-l8", "l8", "el", listed="2021")
    return f


def hub(f: Findings, fillers: int = 6) -> Findings:
    """``s`` (itself a hub) -> ``h`` (a listed hub) -> ``x`` (listed); ``s`` -> ``m`` -> ``y``.

    With a hub bound below ``fillers``, ``x`` is only reachable through the hub ``h``.
    """
    f.sanctions_list("el", name="Entity List", authority="US BIS")
    for key in ("s", "h", "x", "m", "y"):
        f.entity(key)
    for i in range(fillers):
        f.entity(f"g{i}")
        f.entity(f"f{i}")
        f.rel(f"r-s-g{i}", "collaboration", "s", f"g{i}")
        f.rel(f"r-h-f{i}", "collaboration", "h", f"f{i}")
    f.rel("r-s-h", "partnership", "s", "h")
    f.rel("r-h-x", "partnership", "h", "x")
    f.rel("r-s-m", "partnership", "s", "m")
    f.rel("r-m-y", "partnership", "m", "y")
    for key in ("h", "x", "y"):
        f.listing(f"x-{key}", key, "el", listed="2020")
    return f


def star(f: Findings, size: int) -> Findings:
    """``c`` linked to ``size`` listed parties, each with its own source and listing."""
    f.sanctions_list("el", name="Entity List", authority="US BIS")
    f.sanctions_list("uk", name="UK list", authority="OFSI")
    f.entity("c")
    for i in range(size):
        f.source(f"s{i}", title=f"Report {i}")
        f.entity(f"p{i}", name=f"Party {i:03d}")
        f.rel(f"r{i}", "partnership", "c", f"p{i}", citations=[f.cite(f"c and p{i}", f"s{i}")])
        f.listing(f"x{i}", f"p{i}", "el" if i % 2 else "uk", listed="2020",
                  citations=[f.cite(f"p{i} listed", f"s{i}")])  # fmt: skip
    return f
