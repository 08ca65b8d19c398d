"""Every question the officer asks, answered from the index as plain data."""

from __future__ import annotations

from typing import Any


class Shown(list[dict[str, Any]]):
    """The first rows of a longer list (a terminal shows no more): `total` counts them all."""

    total: int
