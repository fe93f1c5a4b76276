"""``alerts`` (reader) and ``acknowledgeAlerts`` (editor, kept under the key's name)."""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import keys
from entanglements.api.types.alerts import Alert, alert_page
from entanglements.api.types.connection import Connection
from entanglements.core.dates import PartialDate
from entanglements.core.reads.filters import bounded
from entanglements.core.vocab import NodeKind
from entanglements.core.watch import alerts as core_alerts


async def alerts(
    info: Info,
    since: PartialDate | None = None,
    first: int | None = 50,
    after: str | None = None,
    unacknowledged: bool | None = False,
) -> Connection[Alert]:
    page = await core_alerts.alert_page(
        info.context.db,
        since=since,
        first=bounded("first", first, 0, info.context.settings.max_first, default=50),
        after=core_alerts.decode_cursor(after) if after is not None else None,
        unacknowledged=bool(unacknowledged),
    )
    return alert_page(page, after=after)


async def acknowledge_alerts(info: Info, ids: list[ID]) -> list[Alert]:
    context = info.context
    context.require("editor", "acknowledgeAlerts")

    marked = await core_alerts.acknowledge(
        context.db, keys(NodeKind.ALERT, ids) or [], by=context.caller
    )
    return [Alert.of(a) for a in marked]
