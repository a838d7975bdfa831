"""Every public warehouse or service function with a ``scope`` parameter keeps others out.

Why introspection: new read functions are added by other people over time. Any function in
``warehouse/`` or ``service/`` (sub-packages included) that takes ``scope`` is found here and
called with an enterprise scope (E1) and a park scope (PA), once with only what it needs and
once per "try to widen it" argument (another enterprise's id, another park's id, another
enterprise's upload). Whatever comes back - DataFrame, models, dicts, lists - must not contain
the enterprise id of anyone outside the scope. A refusal (``ParkGHGError``) is fine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from pydantic import BaseModel

import service
import warehouse
from metrics.inventory import CalcParams
from parkghg.errors import ParkGHGError
from tests.worlds import E1, E2, E3, JAN, PA, PB, VERSION_OF
from tests.worlds import access_scope as scope_of
from warehouse.db import connect as wh_connect

SKIP_MODULES = {
    "warehouse.scope",  # builds predicates, returns no rows
    "service.uploads",  # writes: the upload's scope is tested in tests/ingest and tests/access
    "service.reports",  # file bytes: opened and searched in tests/access/test_access_exports.py
}
CON_NAMES = {"con", "conn", "connection", "cursor"}
PATH_NAMES = {"db_path", "path", "warehouse_path"}


class Upload(str):
    """An access-world upload by label ("S2"); the test swaps in its submission id."""


class Held(str):
    """A frame a caller holds ("activity", "emissions", "since"): the test reads it through the
    same scope first (the dashboard's frames are read through the reader's scope), so a
    function that computes from held frames is walked with what that reader could hold."""


# What a caller could pass to try to see someone else's rows. Order: the first value is used
# when the parameter is required.
WIDEN: dict[str, list[Any]] = {
    "enterprise_id": [E2, E3],
    "ent": [E2, E3],
    "enterprise_ids": [[E2, E3]],
    "park_id": [PB, PA],
    "park_ids": [[PA, PB]],
    "submission_id": [Upload("S2"), Upload("S3")],
    "submission_ids": [[Upload("S2"), Upload("S3")]],
    # issue 9's dashboard frames: the enterprise-years to re-read after an upload
    "parts": [pl.DataFrame({"enterprise_id": [E2, E3], "year": [2024, 2024]})],
    "version_id": [VERSION_OF[E2], VERSION_OF[E3]],
    "a": [VERSION_OF[E2], VERSION_OF[E3]],
    "b": [VERSION_OF[E3], VERSION_OF[E2]],
}
NEUTRAL: dict[str, Any] = {
    "period": JAN,
    "periods": [JAN],
    "period_from": dt.date(2020, 1, 1),
    "period_to": dt.date(2030, 12, 1),
    "date_from": dt.date(2020, 1, 1),
    "date_to": dt.date(2030, 12, 1),
    "year": 2024,
    "years": [2024],
    "year_from": 2024,
    "year_to": 2024,
    "limit": 10_000,
    "lang": "en",
    "gwp_set": "AR5",
    "accepted_by": "test",
    "by": "test",
    "reason": "access test",
    "comment": "access test",
    "target_id": "dn385_2030",  # issue 12: absent from the access world, so a refusal
    "activity": Held("activity"),
    "emissions": Held("emissions"),
    "since": Held("since"),  # the mark of an empty log: every move since is a change
}


def _discover() -> list[tuple[str, Callable]]:
    found: list[tuple[str, Callable]] = []
    infos = [*pkgutil.walk_packages(warehouse.__path__, "warehouse."),
             *pkgutil.walk_packages(service.__path__, "service.")]
    for info in infos:
        if info.name in SKIP_MODULES:
            continue
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if "scope" in inspect.signature(fn).parameters:
                found.append((f"{info.name}.{name}", fn))
    return sorted(found, key=lambda item: item[0])


FUNCTIONS = _discover()


def enterprise_ids_in(value: Any, depth: int = 0) -> Iterator[str]:
    """Every value found under a key/column/attribute named like ``*enterprise_id``."""
    if depth > 6 or value is None:
        return
    if isinstance(value, pl.LazyFrame):
        value = value.collect()
    if isinstance(value, pl.DataFrame):
        for col in value.columns:
            if col.endswith("enterprise_id") and value[col].dtype == pl.String:
                yield from (v for v in value[col].drop_nulls().to_list())
            elif value[col].dtype in (pl.Struct, pl.List) or isinstance(
                    value[col].dtype, (pl.Struct, pl.List)):
                yield from enterprise_ids_in(value[col].to_list(), depth + 1)
        return
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith("enterprise_id") and isinstance(item, str):
                yield item
            else:
                yield from enterprise_ids_in(item, depth + 1)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from enterprise_ids_in(item, depth + 1)
        return
    if hasattr(value, "__dict__") and not isinstance(value, type):
        yield from enterprise_ids_in(vars(value), depth + 1)


def _default_model(fn: Callable, name: str) -> BaseModel | None:
    """An instance of a parameter's pydantic model type when every field has a default."""
    try:
        hint = typing.get_type_hints(fn).get(name)
    except Exception:
        return None
    candidates = typing.get_args(hint) or (hint,)
    for cls in candidates:
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            try:
                return cls()
            except Exception:
                return None
    return None


def _calls(fn: Callable) -> tuple[list[dict[str, Any]], list[str]]:
    """Keyword sets to call ``fn`` with (minimal first), and required names we cannot fill."""
    params = inspect.signature(fn).parameters
    required: dict[str, Any] = {}
    missing: list[str] = []
    for name, p in params.items():
        if name == "scope" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if name in CON_NAMES or name in PATH_NAMES:
            continue
        if p.default is inspect.Parameter.empty:
            if name in WIDEN:
                required[name] = WIDEN[name][0]
            elif name in NEUTRAL:
                required[name] = NEUTRAL[name]
            elif (model := _default_model(fn, name)) is not None:
                required[name] = model
            else:
                missing.append(name)
    calls = [dict(required)]
    for name in params:
        for value in WIDEN.get(name, []):
            calls.append({**required, name: value})
    return calls, missing


def _held(kind: str, con: Any, scope) -> Any:
    """What a reader with ``scope`` holds of ``kind`` (see ``Held``)."""
    from service.frame_changes import change_mark
    from service.inventory import emissions_frame
    from warehouse.activity import read_current_activity

    if kind == "activity":
        return read_current_activity(con, scope)
    if kind == "emissions":
        return emissions_frame(con, scope, params=CalcParams())
    return dataclasses.replace(change_mark(con), moves=0, latest=None)


def _resolve(value: Any, sid: dict[str, str], con: Any = None, scope: Any = None) -> Any:
    """``value`` with every ``Upload`` label replaced by that upload's submission id, and every
    ``Held`` frame read through ``scope``."""
    if isinstance(value, Held):
        return _held(str(value), con, scope)
    if isinstance(value, Upload):
        return sid[value]
    if isinstance(value, list):
        return [_resolve(v, sid, con, scope) for v in value]
    return value


def _invoke(fn: Callable, path: Path, con: duckdb.DuckDBPyConnection | None, scope,
            kwargs: dict[str, Any]) -> Any:
    """Call ``fn`` on the world: with ``path`` if it opens the warehouse itself, else ``con``."""
    params = inspect.signature(fn).parameters
    con_name = next((n for n in params if n in CON_NAMES), None)
    path_name = next((n for n in params if n in PATH_NAMES), None)
    if con is None:
        assert path_name is not None
        return fn(**{path_name: path, "scope": scope, **kwargs})
    if con_name is None:  # first positional parameter, whatever it is called
        con_name = next(iter(params))
    return fn(**{con_name: con, "scope": scope, **kwargs})


def _opens_its_own(fn: Callable) -> bool:
    """True when ``fn`` takes a warehouse path (and no connection)."""
    params = inspect.signature(fn).parameters
    return (not any(n in CON_NAMES for n in params)
            and any(n in PATH_NAMES for n in params))


def test_discovery_finds_the_known_scoped_reads() -> None:
    names = {name for name, _ in FUNCTIONS}
    for expected in ("warehouse.activity.read_current_activity",
                     "warehouse.audit.read_audit_log", "warehouse.review.review_queue",
                     "warehouse.review.upload_history", "warehouse.review.list_locks",
                     "warehouse.users.list_users"):
        assert expected in names


def test_the_leak_detector_detects_leaks() -> None:
    assert set(enterprise_ids_in(pl.DataFrame({"enterprise_id": [E1, E2]}))) == {E1, E2}
    assert list(enterprise_ids_in([{"x": {"receiver_enterprise_id": E3}}])) == [E3]
    assert list(enterprise_ids_in(pl.DataFrame({"s": [{"enterprise_id": E2}]}))) == [E2]


@pytest.mark.read_only  # one shared copy per worker on PostgreSQL; a write fails the test
@pytest.mark.parametrize(("who", "allowed"), [("ent1", {E1}), ("park_a", {E1, E2})])
@pytest.mark.parametrize(("name", "fn"), FUNCTIONS, ids=[n for n, _ in FUNCTIONS])
def test_scoped_function_never_leaks(
    world_path: Path, sid, name: str, fn: Callable, who: str, allowed: set[str]
) -> None:
    calls, missing = _calls(fn)
    if missing:
        pytest.skip(f"{name} needs arguments this test cannot supply: {', '.join(missing)}")
    scope = scope_of(who)
    ran = 0
    first_error: Exception | None = None
    # One connection for the test's calls (opening one costs more than most reads); a
    # function that opens the warehouse itself gets the path instead.
    con = None if _opens_its_own(fn) else wh_connect(world_path)
    try:
        for kwargs in ({k: _resolve(v, sid, con, scope) for k, v in call.items()}
                       for call in calls):
            try:
                result = _invoke(fn, world_path, con, scope, kwargs)
            except ParkGHGError:
                ran += 1  # a refusal is a correct answer
                continue
            except Exception as exc:
                first_error = first_error or exc
                continue
            ran += 1
            leaked = set(enterprise_ids_in(result)) - allowed
            assert not leaked, f"{name}({kwargs}) as {who} returned other enterprises: {leaked}"
    finally:
        if con is not None:
            con.close()
    if ran == 0:
        pytest.skip(f"{name} could not be called with the test's arguments: {first_error!r}")
