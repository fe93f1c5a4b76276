"""Ownership graphs written through the real ingest, under a test's id prefix.

``stakes`` are ``(owner, asset, share)`` with share a number, a ``(min, max)`` pair or None;
``listed`` maps an entity to its listing fields (``list``, ``listed``, ``delisted``, ...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from entanglements.core.settings import Settings
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb

Share = float | tuple[float, float] | None


def _stake(p: str, owner: str, asset: str, share: Share, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "record": "relationship",
        "id": extra.pop("id", f"{p}own-{owner}-{asset}"),
        "type": extra.pop("type", "ownership"),
        "from": p + owner,
        "to": p + asset,
        "citations": [{"source": f"{p}src", "quote": f"{owner} owns {asset}"}],
        **extra,
    }
    if isinstance(share, tuple):
        record.update(shareMin=share[0], shareMax=share[1])
    elif share is not None:
        record["share"] = share
    return record


def ownership_records(
    p: str,
    stakes: list[tuple[str, str, Share] | dict[str, Any]],
    listed: dict[str, dict[str, Any]],
    countries: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    rels = [_stake(p, **s) if isinstance(s, dict) else _stake(p, s[0], s[1], s[2]) for s in stakes]
    names = sorted({r["from"] for r in rels} | {r["to"] for r in rels} | {p + e for e in listed})
    lists = sorted({fields.get("list", "us-ofac-sdn") for fields in listed.values()})
    records: list[dict[str, Any]] = [
        {"record": "source", "id": f"{p}src", "title": "Register extract", "kind": "register"},
        *({"record": "list", "id": lid, "name": lid, "authority": "test"} for lid in lists),
        *(
            {
                "record": "entity",
                "id": e,
                "kind": "Company",
                "name": f"Company {e.removeprefix(p)}",
                "countries": (countries or {}).get(e.removeprefix(p), []),
            }
            for e in names
        ),
        *rels,
    ]
    for entity, fields in listed.items():
        lid = fields.get("list", "us-ofac-sdn")
        records.append(
            {
                "record": "listing",
                "id": f"{p}lst-{entity}-{lid}",
                "entity": p + entity,
                "list": lid,
                "citations": [{"source": f"{p}src"}],
                **{k: v for k, v in fields.items() if k != "list"},
            }
        )
    return records


def store(
    db: SyncDb,
    settings: Settings,
    tmp_path: Path,
    p: str,
    stakes: list[tuple[str, str, Share] | dict[str, Any]],
    listed: dict[str, dict[str, Any]],
    countries: dict[str, list[str]] | None = None,
) -> None:
    path = tmp_path / f"{p}ownership.jsonl"
    records = ownership_records(p, stakes, listed, countries)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    db.run(ingest_paths, [path])
