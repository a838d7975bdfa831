"""The registry of provinces, parks, sectors and enterprises, for the front ends."""

from __future__ import annotations

from warehouse.registry import KINDS, import_registry_many, list_enterprises, list_parks

__all__ = ["KINDS", "import_registry_many", "list_enterprises", "list_parks"]
