"""The reviewer's monthly oversight: which months are closed, who reported, what changed.

Why one module: the reporting tracker, the review-with-context preview and the lock preview
all answer "where does this month stand?" from the same scoped reads; the front ends call
these functions and never decide on their own which months count as closed.
"""

from __future__ import annotations

import datetime as dt

from warehouse.db import utc_now
from warehouse.review import closed_months as _closed_months


def today_utc() -> dt.date:
    """Today's date in UTC, the clock every "closed month" and "late" rule uses."""
    return utc_now().date()


def closed_months(year: int, today: dt.date | None = None) -> list[dt.date]:
    """The months of ``year`` that have ended (only these may be locked)."""
    return _closed_months(year, today or today_utc())
