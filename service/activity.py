"""Current monthly activity, scoped, for pages and exports."""

from __future__ import annotations

from warehouse.activity import read_current_activity

__all__ = ["read_current_activity"]
