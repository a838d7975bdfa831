"""Fixtures for the dashboard tests: one small warehouse per session, copies for writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.worlds import WorldTemplates


@pytest.fixture(scope="session")
def small_warehouse(world_templates: WorldTemplates) -> Path:
    """The shared read-only test warehouse (never write to it; use ``writable_warehouse``)."""
    return world_templates.template("dashboard")


@pytest.fixture
def writable_warehouse(make_world) -> Path:
    """A private copy of the small warehouse for tests that upload or review."""
    return make_world("dashboard")
