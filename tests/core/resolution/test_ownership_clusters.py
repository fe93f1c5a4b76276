"""Ownership reads clusters as one party (core/resolution/): stakes held by different
members of one cluster add up, and so do stakes held in different members of one."""

from __future__ import annotations

import asyncio
from typing import Any

from entanglements.core.db.database import Database
from entanglements.core.ownership.questions import ownership_status, restricted_by_ownership
from entanglements.core.resolution.judgements import Judgement, judge
from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_records
from tests.db import SyncDb


def _derived(settings: Settings, lists: list[str]) -> dict[str, str]:
    """``restrictedByOwnership``: the derived parties and their verdicts."""

    async def ask() -> dict[str, str]:
        async with Database.open(settings, role="cli") as db:
            page = await restricted_by_ownership(db, "ofac-50", lists=lists, first=100)
        return {v.entity: str(v.verdict) for v in page.items}

    return asyncio.run(ask())


def _status(settings: Settings, entity: str, lists: list[str]) -> tuple[str, str]:
    async def ask() -> tuple[str, str]:
        async with Database.open(settings, role="cli") as db:
            report = await ownership_status(db, entity, "ofac-50", lists=lists)
        return str(report.verdict.verdict), report.verdict.entity

    return asyncio.run(ask())


def _stake(p: str, key: str, frm: str, to: str, share: float) -> dict[str, Any]:
    return {
        "record": "relationship",
        "id": f"{p}{key}",
        "type": "ownership",
        "from": f"{p}{frm}",
        "to": f"{p}{to}",
        "share": share,
        "citations": [{"source": f"{p}src", "quote": key, "locator": ""}],
    }


def test_stakes_of_one_cluster_add_up(db: SyncDb, settings: Settings, prefix: str) -> None:
    p = prefix
    db.run(
        ingest_records,
        [
            {"record": "source", "id": f"{p}src", "title": "Registry", "kind": "article"},
            {"record": "list", "id": f"{p}sdn", "name": "SDN", "authority": "OFAC"},
            *(
                {"record": "entity", "id": f"{p}{k}", "kind": "Company", "name": k}
                for k in ("x", "x2", "co", "asset", "asset2")
            ),
            {
                "record": "listing",
                "id": f"{p}lx",
                "entity": f"{p}x",
                "list": f"{p}sdn",
                "listed": "2020-01-02",
                "citations": [{"source": f"{p}src", "quote": "listed", "locator": ""}],
            },
            _stake(p, "s1", "x", "co", 30),  # the listed party under one id ...
            _stake(p, "s2", "x2", "co", 25),  # ... and under another: 55 % together
            _stake(p, "s3", "x", "asset", 30),  # 30 % of the asset under one id ...
            _stake(p, "s4", "x", "asset2", 25),  # ... and 25 % under its other id
        ],
    )
    lists = [f"{p}sdn"]
    assert _status(settings, f"{p}co", lists) == ("CLEAR", f"{p}co")
    assert _status(settings, f"{p}asset", lists)[0] == "CLEAR"
    assert "RESTRICTED" not in _derived(settings, lists).values()

    db.run(judge, f"{p}x", f"{p}x2", Judgement.SAME, note=None, by="test")
    assert _status(settings, f"{p}co", lists) == ("RESTRICTED", f"{p}co")

    db.run(judge, f"{p}asset2", f"{p}asset", Judgement.SAME, note=None, by="test")
    assert _status(settings, f"{p}asset", lists) == ("RESTRICTED", f"{p}asset")
    assert _status(settings, f"{p}asset2", lists) == ("RESTRICTED", f"{p}asset2")
    # the derivation agrees: each cluster is one party, named by its least id
    assert _derived(settings, lists) == {f"{p}asset": "RESTRICTED", f"{p}co": "RESTRICTED"}

    db.run(judge, f"{p}x", f"{p}x2", Judgement.NONE, note=None, by="test")
    assert _status(settings, f"{p}co", lists)[0] == "CLEAR"
