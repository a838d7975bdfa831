"""Fixtures for inventory, version and export tests: ``tests.worlds``' inventory world.

Two parks, three enterprises and a few months of 2024 and 2025 activity, loaded through the
real registry import and the real ingest pipeline (so the tests see exactly what production
sees). Built once per session and copied for each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def inv_db(make_world) -> Path:
    """A private copy of the inventory warehouse for one test."""
    return make_world("inventory")
