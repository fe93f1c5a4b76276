"""Print the schema's SDL (``make schema`` writes it to api/schema.graphql)."""

from __future__ import annotations

import sys

from entanglements.api.schema import build_schema
from entanglements.core.settings import Settings


def sdl() -> str:
    # The SDL does not depend on any setting; defaults keep it independent of the environment.
    return build_schema(Settings.model_construct()).as_str() + "\n"


if __name__ == "__main__":
    sys.stdout.write(sdl())
