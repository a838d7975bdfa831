"""Fixtures for the hostile-input tests: the ingest registry world (two parks, three
enterprises, no activity), copied per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def registry_db(make_world) -> Path:
    return make_world("ingest_registry")
