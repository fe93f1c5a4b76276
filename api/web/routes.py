"""The app's routes: the page URLs (one shell), ``/static``, ``dossier.md`` and the exports."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

from entanglements.api.web.dossier_md import dossier_markdown
from entanglements.api.web.export_route import export_download

STATIC = Path(str(files("entanglements.api.web") / "static"))

#: The app's stable page URLs (docs/ui.md); an analyst may paste any of them into a report.
#: An id may hold ``/`` (``rt/slash``): links encode it (``/entities/rt%2Fslash``), and the
#: server, which routes on the decoded path, takes the id with ``:path``; the page module
#: reads it from the still-encoded ``location.pathname``.
PAGES = (
    "/",
    "/screen",
    "/queries",
    "/entities/{entity_id:path}/exposure",
    "/entities/{entity_id:path}/dossier",
    "/entities/{entity_id:path}",
)


async def shell() -> FileResponse:
    # no-cache: a new release's modules are picked up without a stale shell.
    return FileResponse(STATIC / "app.html", headers={"Cache-Control": "no-cache"})


def mount_web(app: FastAPI) -> None:
    # dossier.md first: the page routes' ``:path`` would take "x/dossier.md" as an id.
    app.add_api_route(
        "/entities/{entity_id:path}/dossier.md",
        dossier_markdown,
        methods=["GET"],
        response_model=None,
    )
    for path in PAGES:
        app.add_api_route(path, shell, methods=["GET"], include_in_schema=False)
    app.add_api_route("/export/{fmt}", export_download, methods=["GET"], response_model=None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
