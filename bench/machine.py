"""What the figures were measured on: cores, memory, load, and who else was running."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

import psutil

from entanglements.cli.server.local import ENTRY_POINT


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def other_neo4j(own_pids: set[int]) -> list[dict[str, Any]]:
    """Other Neo4j servers on the machine and their CPU use: a busy one skews every figure."""
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if proc.info["pid"] in own_pids or ENTRY_POINT not in cmdline:
            continue
        try:
            cpu = proc.cpu_percent(interval=0.2)
        except psutil.Error:
            continue
        home = next((a.split("=", 1)[1] for a in cmdline if a.startswith("--home-dir=")), "?")
        found.append({"pid": proc.info["pid"], "home": home, "cpu_percent": cpu})
    return found


def describe(heap: str, pagecache: str, own_pids: set[int] | None = None) -> dict[str, Any]:
    load = os.getloadavg()
    memory = psutil.virtual_memory()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(memory.total / 2**30, 1),
        "memory_available_gb": round(memory.available / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "neo4j_heap": heap,
        "neo4j_pagecache": pagecache,
        "load_avg_before": [round(x, 2) for x in load],
        "other_neo4j_servers": other_neo4j(own_pids or set()),
    }
