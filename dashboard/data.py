"""The only place the dashboard reads or writes the warehouse.

Why one module: every read goes through a ``warehouse/*`` or ``metrics/*`` function that takes
the signed-in user's ``Scope``, on a short-lived read-only connection (DuckDB lets one writer
lock out every reader, so the app never holds a handle between runs). Results are cached with
``st.cache_data`` keyed on the scope, the filters and the warehouse's *data version* — the
size and modification time of the database file and its write-ahead log — so an upload from
the app or the CLI changes the version and every page sees new data on its next run, without
any SQL here.

Cached functions take plain tuples (``ScopeKey``) instead of ``Scope`` objects so that the
cache key is exactly the scope's three fields.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard.frames import PatchedFrames
from parkghg.errors import WarehouseBusyError
from parkghg.log import get_logger
from parkghg.settings import demo_enabled, resolve_db_path
from service import accounts as users
from service import registry, review
from service.access import Scope, User
from service.activity import read_current_activity
from service.db import data_version as warehouse_data_version
from service.db import display_name, is_postgres, open_warehouse, warehouse_exists

log = get_logger(__name__)

ScopeKey = tuple[str, str | None, str | None]
_TTL = dt.timedelta(minutes=30)


# ------------------------------------------------------------------------------ plumbing


def db_path() -> Path:
    """The warehouse this app serves (``PARKGHG_DB``, set by ``parkghg serve``)."""
    return resolve_db_path()


def demo_mode() -> bool:
    """Whether the sign-in page lists the demo accounts (``parkghg serve --demo``)."""
    return demo_enabled()


def _file_stamp() -> str | None:
    """Size and mtime of the warehouse file and its WAL: two ``stat`` calls, no connection.

    DuckDB appends every commit to ``<db>.wal`` and later folds it into the file at a
    checkpoint, so one of the two always changes on a write. A PostgreSQL warehouse has no
    file here (None): its stamp never moved, so the first fingerprint was kept for the life
    of the process and no page saw an upload, a review or a lock until a restart.
    """
    path = db_path()
    if is_postgres(path):
        return None
    parts = [str(path.resolve())]
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            parts.append("-")
        else:
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


_VERSION_MEMO: dict[str, str] = {}
_VERSION_LOCK = threading.Lock()


def data_version() -> str:
    """Changes when data a page shows changes; the key of every cached read.

    The file stamp is checked on every run; only when it moved is the warehouse asked for its
    content fingerprint (``warehouse.version.data_version``), so sign-in bookkeeping and audit
    rows, which change the file but not what pages show, keep the caches warm.
    """
    stamp = _file_stamp()
    if stamp is None:
        return _server_data_version()
    with _VERSION_LOCK:
        if stamp in _VERSION_MEMO:
            return _VERSION_MEMO[stamp]
    with _reader() as con:
        version = f"{db_path().resolve()}|{warehouse_data_version(con)}"
    with _VERSION_LOCK:
        _VERSION_MEMO.clear()
        _VERSION_MEMO[stamp] = version
    return version


#: PostgreSQL: how long one fingerprint serves this process's runs. A write made here forgets it
#: at once (``_forget_version``); another app server's write shows within this delay.
_SERVER_VERSION_TTL_S = 1.0
_SERVER_VERSION: dict[str, tuple[float, str]] = {}


def _server_data_version() -> str:
    """The fingerprint of a PostgreSQL warehouse, asked at most once a second (a page asks for
    the version once per cached read; each ask is a connection and a few queries)."""
    target = display_name(db_path())
    now = time.monotonic()
    with _VERSION_LOCK:
        held = _SERVER_VERSION.get(target)
        if held is not None and now - held[0] < _SERVER_VERSION_TTL_S:
            return held[1]
    with _reader() as con:
        version = f"{target}|{warehouse_data_version(con)}"
    with _VERSION_LOCK:
        _SERVER_VERSION.clear()
        _SERVER_VERSION[target] = (now, version)
    return version


def _forget_version() -> None:
    """After a write from this process: the next run reads the new fingerprint."""
    with _VERSION_LOCK:
        _VERSION_MEMO.clear()
        _SERVER_VERSION.clear()


def scope_key(scope: Scope) -> ScopeKey:
    """The cache key of a scope."""
    return (scope.role, scope.enterprise_id, scope.park_id)


def _scope(key: ScopeKey) -> Scope:
    role, enterprise_id, park_id = key
    return Scope(role=role, enterprise_id=enterprise_id, park_id=park_id)  # type: ignore[arg-type]


#: How long a session waits for the in-process lock before "busy, try again": as long as a
#: connection waits for DuckDB's file lock (``warehouse.db``: 5 s to read, 30 s to write).
_READ_WAIT_S = 5.0
_WRITE_WAIT_S = 30.0


class _ReadWriteLock:
    """Many readers or one writer, inside this process; every wait has a deadline.

    Why: DuckDB refuses a read-only connection while the same process holds a read-write
    one on the file (and the reverse), with an error that is not a lock error. Sessions run
    in threads of one server process, so an upload in one session must not make another
    session's chart fail; across processes, ``warehouse.db`` already retries on the file lock.
    Why deadlines: a session stuck behind another must get the polite "busy, try again"
    (``WarehouseBusyError``) rather than a page that spins for ever. A waiting writer holds
    back new readers, so a stream of page reads cannot starve an upload.
    """

    def __init__(self, read_wait_s: float = _READ_WAIT_S,
                 write_wait_s: float = _WRITE_WAIT_S) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self.read_wait_s = read_wait_s
        self.write_wait_s = write_wait_s

    def _busy(self) -> WarehouseBusyError:
        return WarehouseBusyError("common.warehouse_busy", path=str(db_path()))

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(
                    lambda: not self._writing and not self._writers_waiting, self.read_wait_s):
                raise self._busy()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                free = self._cond.wait_for(
                    lambda: not self._writing and self._readers == 0, self.write_wait_s)
            finally:
                self._writers_waiting -= 1
                self._cond.notify_all()
            if not free:
                raise self._busy()
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


_LOCK = _ReadWriteLock()


#: This thread's script run, when inside ``one_connection``: its shared read connection.
_RUN = threading.local()


@contextmanager
def one_connection() -> Iterator[None]:
    """Inside the block, this thread's reads share one read-only connection, opened at the
    first read and closed when the block ends (or before a write).

    Why: after a data change a page run re-reads its user, registry, frames and figures, each
    through its own ``_reader``; opening the province warehouse costs about 0.04 s of CPU
    each time, a quarter of the overview's run after an upload (issue 9). ``app.py`` wraps
    one script run in it. The connection is held for that run only (a second or so), so a
    writer waits at most that long; reads of one run also see one state of the warehouse.
    """
    if getattr(_RUN, "active", False):
        yield
        return
    _RUN.active = True
    try:
        yield
    finally:
        _RUN.active = False
        _close_run_reader()


def _close_run_reader() -> None:
    held = getattr(_RUN, "held", None)
    _RUN.held = None
    if held is not None:
        held[1].close()  # closes the connection, then releases the read lock


@contextmanager
def _reader() -> Iterator:
    """A read-only connection closed at the end of the block (raises WarehouseBusyError);
    inside ``one_connection``, the run's shared one."""
    if not getattr(_RUN, "active", False):
        with _LOCK.read(), open_warehouse(db_path(), read_only=True) as con:
            yield con
        return
    held = getattr(_RUN, "held", None)
    if held is None:
        stack = ExitStack()
        try:
            stack.enter_context(_LOCK.read())
            held = (stack.enter_context(open_warehouse(db_path(), read_only=True)), stack)
        except BaseException:
            stack.close()
            raise
        _RUN.held = held
    try:
        yield held[0]
    except BaseException:
        _close_run_reader()  # a failed read may leave the connection unusable: open anew
        raise


@contextmanager
def _writer() -> Iterator:
    """A read-write connection for one short action (sign-in bookkeeping, review, lock)."""
    _close_run_reader()
    try:
        with _LOCK.write(), open_warehouse(db_path(), read_only=False) as con:
            yield con
    finally:
        _forget_version()


@contextmanager
def _exclusive() -> Iterator[None]:
    """No connection of this process is open inside the block (for APIs that open their own)."""
    _close_run_reader()
    try:
        with _LOCK.write():
            yield
    finally:
        _forget_version()


# ------------------------------------------------------------------------------ users


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=512)
def _user(version: str, username: str) -> User | None:
    with _reader() as con:
        return users.get_user(con, username)


def user(username: str) -> User | None:
    """The enabled user ``username`` as the warehouse has it now (None if disabled/removed)."""
    return _user(data_version(), username)


def sign_in(username: str, password: str) -> User | None:
    """Check a password; records the sign-in (last login, audit) when the lock is free."""
    if not username or not password:
        return None
    with _writer() as con:
        return users.authenticate(con, username, password, client=_client_address())


def _client_address() -> str | None:
    """The browser's address as Streamlit sees it (None behind some proxies and in tests):
    the per-client part of sign-in throttling (``warehouse.sign_in_guard``)."""
    try:
        return st.context.ip_address or None
    except Exception:
        return None


def unlock_sign_in(user: User, username: str) -> int:
    """Clear an account's sign-in waits (admins only, audited)."""
    with _writer() as con:
        return users.unlock_sign_in(con, user, username)


def sign_in_waiting(username: str) -> bool:
    """Whether an account is waiting after wrong sign-ins (admin page)."""
    with _reader() as con:
        return users.sign_in_waiting(con, username)


def demo_accounts() -> pl.DataFrame:
    """The demo sign-ins (username, password, role, reach), only in demo mode."""
    if not (demo_mode() and warehouse_exists(db_path())):
        return pl.DataFrame(schema={"username": pl.String, "password": pl.String,
                                    "role": pl.String, "reach": pl.String})
    with _reader() as con:
        accounts = users.demo_accounts(con)
    return pl.DataFrame(
        [{"username": a.username, "password": a.password, "role": a.role,
          "reach": a.enterprise_id or a.park_id or ""} for a in accounts],
        schema={"username": pl.String, "password": pl.String, "role": pl.String,
                "reach": pl.String},
    )


# ------------------------------------------------------------------------------ registry


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _parks(version: str) -> pl.DataFrame:
    with _reader() as con:
        return registry.list_parks(con)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def _enterprises(version: str, key: ScopeKey) -> pl.DataFrame:
    with _reader() as con:
        return registry.list_enterprises(con, _scope(key))


def enterprises(scope: Scope) -> pl.DataFrame:
    """The enterprises ``scope`` may see, with park and sector names in both languages."""
    return _enterprises(data_version(), scope_key(scope))


def parks(scope: Scope) -> pl.DataFrame:
    """The parks ``scope`` works with: all for the province, its own for a park or enterprise."""
    frame = _parks(data_version())
    if scope.sees_everything:
        return frame
    own = enterprises(scope).get_column("park_id").unique().to_list()
    if scope.park_id:
        own = [*own, scope.park_id]
    return frame.filter(pl.col("park_id").is_in(own))


def sector_names(scope: Scope, lang: str) -> dict[str, str]:
    """sector_id → name in ``lang``, for the sectors present in ``scope``."""
    frame = enterprises(scope).unique("sector_id").sort("sector_id")
    return dict(zip(frame["sector_id"], frame[f"sector_name_{lang}"], strict=True))


def park_names(scope: Scope, lang: str) -> dict[str, str]:
    """park_id → name in ``lang`` for the parks in ``scope``."""
    frame = parks(scope)
    return dict(zip(frame["park_id"], frame[f"name_{lang}"], strict=True))


# ------------------------------------------------------------------------------ activity


# Frames of a whole scope (activity, emission rows, energy, screening) live in one store of
# shared frames patched per enterprise-year after a data change (``dashboard.frames``): never
# copied per rerun as ``st.cache_data`` would, never re-read whole after one upload.
_FRAMES = {"show_spinner": False, "ttl": _TTL, "max_entries": 64}
_STORE = PatchedFrames()


_PARTS_MEMO: dict[tuple, tuple] = {}
_PARTS_LOCK = threading.Lock()


def _changed_parts(con, version: str, key: tuple, scope: Scope, mark):
    """``service.frame_changes.changed_parts``, asked once per data version, scope and mark.

    Why: after an upload every held frame of a scope (activity, emission rows, energy,
    screening) refreshes from the same mark; each asking again cost the change-log queries
    and a read of the year's steam purchases. A remembered answer is safe: its "now" mark is
    no older than ``version``, and anything written later is re-read from that mark.
    """
    from service import frame_changes as fc

    memo_key = (version, key[0], key[2], mark)
    with _PARTS_LOCK:
        found = _PARTS_MEMO.get(memo_key)
    if found is None:
        found = fc.changed_parts(con, scope, mark)
        with _PARTS_LOCK:
            if any(k[0] != version for k in _PARTS_MEMO) or len(_PARTS_MEMO) > 64:
                _PARTS_MEMO.clear()
            _PARTS_MEMO[memo_key] = found
    return found


def _kept(key: tuple, version: str, read_all, read_parts, year: pl.Expr) -> pl.DataFrame:
    """The frame of ``key`` (its first element the warehouse) as of ``version``.

    ``read_all(con)`` reads the whole scope; ``read_parts(con, parts, schema)`` the rows of
    the changed enterprise-years (``service.frame_changes``); ``year`` computes a row's year.
    """
    return _kept_marked(key, version, read_all, read_parts, year)[1]


def _province_key(key: tuple) -> tuple:
    """The province's reviewers and admins read the same rows: one copy."""
    if _scope(key[2]).sees_everything:
        return (*key[:2], ("province", None, None), *key[3:])
    return key


def _kept_marked(key: tuple, version: str, read_all, read_parts, year: pl.Expr) -> tuple:
    """(mark, frame) of :func:`_kept`: the mark the frame is current to."""
    from service import frame_changes as fc

    scope = _scope(key[2])
    key = _province_key(key)

    def load(con):
        return fc.change_mark(con), read_all(con)

    def refresh(con, mark, frame):
        now, parts = _changed_parts(con, version, key, scope, mark)
        if parts is None:  # a factor import, a registry edit, a restored backup…
            return now, read_all(con)
        if parts.height == 0:
            return now, frame
        return now, fc.patch(frame, parts, read_parts(con, parts, frame.schema), year)

    return _STORE.get_marked(key, version, _reader, load, refresh)


def _summed(key: tuple, version: str, source: tuple, derive, year: pl.Expr) -> pl.DataFrame:
    """A frame summed from a held frame by enterprise-year groups (``derive``), kept like the
    frames and, after a data change, derived again only for the changed enterprise-years.

    ``source`` is the held frame's (mark, frame): the sums are marked with the *source's*
    mark, so they never claim a change their source has not seen; patching with the changes
    since the sums' own mark (a superset of those up to the source's) from the source's
    current rows is always right. Why: the overview's figures summed the whole scope's rows
    after every upload, a cost that grew with the province (issue 9); derived from these
    sums they cost a fifth, and the sums themselves cost only the changed enterprises.
    """
    from service import frame_changes as fc

    source_mark, rows = source
    scope = _scope(key[2])
    key = _province_key(key)

    def load(con):
        return source_mark, derive(rows)

    def refresh(con, mark, frame):
        if mark == source_mark:
            return mark, frame
        _now, parts = _changed_parts(con, version, key, scope, mark)
        if parts is None:
            return source_mark, derive(rows)
        if parts.height == 0:
            return source_mark, frame
        return source_mark, fc.patch(frame, parts, derive(fc.in_parts(rows, parts, year)),
                                     year)

    return _STORE.get(key, version, _reader, load, refresh)


def _activity(version: str, key: ScopeKey) -> pl.DataFrame:
    return _activity_marked(version, key)[1]


def _activity_marked(version: str, key: ScopeKey) -> tuple:
    from service import frame_changes as fc

    return _kept_marked((str(db_path()), "activity", key), version,
                        lambda con: read_current_activity(con, _scope(key)),
                        lambda con, parts, schema: fc.activity_parts(con, _scope(key), parts,
                                                                     schema),
                        pl.col("period").dt.year())


def _months(activity: pl.DataFrame) -> pl.DataFrame:
    keys = [k for k in ("enterprise_id", "park_id", "sector_id", "period")
            if k in activity.columns]
    return activity.select(keys).unique().sort(keys)


def activity_months(scope: Scope) -> pl.DataFrame:
    """The enterprise-months with activity inside ``scope`` (enterprise, park, sector, period):
    what year coverage and "who reported" count, without the activity's rows."""
    version, key = data_version(), scope_key(scope)
    return _summed((str(db_path()), "activity_months", key), version,
                   _activity_marked(version, key), _months, pl.col("period").dt.year())


def activity(scope: Scope) -> pl.DataFrame:
    """Every current monthly activity row inside ``scope``."""
    return _activity(data_version(), scope_key(scope))


# ------------------------------------------------------------------------------ inventory



def _emissions_marked(version: str, key: ScopeKey, gwp_set: str, basis: str) -> tuple:
    """The stored emission rows of the scope, read in SQL (``service.inventory``), patched per
    enterprise-year after an upload. ``factor_ids`` is kept (categorical: few distinct values)
    for the combined uncertainty, whose factor errors are shared by the rows of one factor set
    (``metrics.uncertainty``)."""
    from metrics.inventory import CalcParams
    from service import frame_changes as fc
    from service.inventory import emissions_frame

    params = CalcParams(gwp_set=gwp_set, scope2_basis=basis)  # type: ignore[arg-type]
    categorical = pl.col("factor_ids").cast(pl.Categorical)

    def read_all(con):
        return emissions_frame(con, _scope(key), params=params,
                               with_factor_ids=True).with_columns(categorical)

    def read_parts(con, parts, schema):
        return fc.emission_parts(con, _scope(key), params, parts, schema)

    return _kept_marked((str(db_path()), "emissions", key, gwp_set, basis), version,
                        read_all, read_parts, pl.col("year"))


def _emissions(version: str, key: ScopeKey, gwp_set: str, basis: str) -> pl.DataFrame:
    return _emissions_marked(version, key, gwp_set, basis)[1]


def emission_sums(scope: Scope, gwp_set: str, basis: str) -> pl.DataFrame:
    """tCO2e per enterprise × month × scope on the Circular 38 boundary
    (``views.monthly_sums``) of :func:`emissions`: what the overview's figures add up."""
    from dashboard.views import monthly_sums

    version, key = data_version(), scope_key(scope)
    return _summed((str(db_path()), "emission_sums", key, gwp_set, basis), version,
                   _emissions_marked(version, key, gwp_set, basis), monthly_sums,
                   pl.col("year"))


def _energy(version: str, key: ScopeKey) -> pl.DataFrame:
    from service import frame_changes as fc
    from service.inventory import energy_frame

    activity = _activity(version, key)  # before the read below: read locks do not nest

    def read_parts(con, parts, schema):
        changed = fc.in_parts(activity, parts, pl.col("period").dt.year())
        return fc.energy_parts(con, _scope(key), changed, schema)

    return _kept((str(db_path()), "energy", key), version,
                 lambda con: energy_frame(con, _scope(key), activity),
                 read_parts, pl.col("period").dt.year())


def emissions(scope: Scope, gwp_set: str, basis: str) -> pl.DataFrame:
    """Every emission row inside ``scope`` (all years), for one GWP set and Scope 2 basis."""
    return _emissions(data_version(), scope_key(scope), gwp_set, basis)


def energy(scope: Scope) -> pl.DataFrame:
    """Energy use per enterprise × period × item (energy_gj, energy_toe) inside ``scope``."""
    return _energy(data_version(), scope_key(scope))


@st.cache_resource(show_spinner=False, ttl=_TTL, max_entries=512)
def _derived(version: str, key: ScopeKey, name: str, args: tuple, _compute):
    return _compute()


def derived(scope: Scope, name: str, args: tuple, compute):
    """A page figure (a headline, a ranking, a trend) computed from the held frames once per
    data version, scope, ``name`` and ``args``, then shared by every rerun and session.

    Why: the frames are whole-scope rows; summing them again on every rerun of every session
    was most of a warm page's time (issue 9). ``compute`` must read the frames it needs
    *inside* itself (``data.emissions(...)``), so a figure is never older than the version
    it is kept under. Returned objects are shared: never change them in place.
    """
    return _derived(data_version(), scope_key(scope), name, args, compute)


def warm(scope: Scope, gwp_set: str = "AR5", basis: str = "location") -> None:
    """Fill the caches the landing page of ``scope`` reads (the overview: emission rows and
    their monthly sums, activity and its enterprise-months, screening, energy, target
    progress, the default year's territorial total) and compute its figures and chart specs
    in both languages, so the first view after the server starts does not pay for them."""
    from dashboard import landing, views
    from dashboard.filters import Filters
    from parkghg.i18n import LANGS

    emissions(scope, gwp_set, basis)
    emission_sums(scope, gwp_set, basis)
    found = activity_months(scope)
    thresholds(scope, gwp_set, basis)
    energy(scope)
    target_progress(scope, gwp_set, basis)
    coverage = views.year_coverage(found)
    year = views.default_year(coverage) if found.height else None
    # the sidebar's years, as ``filters.for_user`` computes them
    derived(scope, "filters.years", (), lambda: (views.years(activity_months(scope)),
                                                 views.year_coverage(activity_months(scope))))
    if year is None:
        return
    territorial(scope, year, gwp_set, basis)
    f = Filters(year=year, gwp_set=gwp_set, scope2_basis=basis,
                partial=bool(coverage[year].partial))
    for lang in LANGS:
        landing.warm(scope, f, lang)
        park_names(scope, lang)
        sector_names(scope, lang)


def _warm_imports() -> None:
    """Import what the first script run would: Altair and its schemas (the chart modules),
    pandas and pyarrow (Streamlit turns chart data into Arrow through pandas), the pages'
    helper modules, and both languages' message catalogues (seconds on a busy machine)."""
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    from streamlit import dataframe_util  # noqa: F401

    import dashboard.cells
    import dashboard.charts
    import dashboard.landing
    import dashboard.maps
    import dashboard.panels
    import dashboard.sections
    import dashboard.target_progress  # noqa: F401
    from parkghg.i18n import LANGS, catalogue

    for lang in LANGS:
        catalogue(lang)


_WARM_LOCK = threading.Lock()
_WARM_THREAD: threading.Thread | None = None
#: Scopes whose first view is filled at server start: the province's reviewers and admins.
_WARM_SCOPES = (Scope(role="province"), Scope(role="admin"))
#: How long ``warm_at_startup(wait=True)`` waits for the warm-up (benchmarks, tests).
_WARM_WAIT_S = 600.0


def _warm_all() -> None:
    started = time.perf_counter()
    _warm_imports()
    for scope in _WARM_SCOPES:
        try:
            warm(scope)
        except Exception:  # a busy or missing warehouse: the first view reads it itself
            log.warning("could not warm the dashboard for %s", scope.role, exc_info=True)
            return
    log.info("dashboard caches warmed in %.1f s", time.perf_counter() - started)


def warm_at_startup(wait: bool = False) -> bool:
    """Once per process, fill the landing page's caches in a background thread.

    Called by the server's entry point (``dashboard.server``) before Streamlit starts
    listening, so the reads run while nobody is connected yet; ``wait`` blocks until done
    (at most ``_WARM_WAIT_S``). False when it had already started or there is no warehouse.
    """
    global _WARM_THREAD
    with _WARM_LOCK:
        if _WARM_THREAD is not None or not warehouse_exists(db_path()):
            thread, started = _WARM_THREAD, False
        else:
            thread = _WARM_THREAD = threading.Thread(target=_warm_all, name="parkghg-warm",
                                                     daemon=True)
            thread.start()
            started = True
    if wait and thread is not None:
        thread.join(timeout=_WARM_WAIT_S)
    return started


def warm_in_background() -> bool:
    """The same warm-up started on the first browser connection, when the server was not
    started through ``dashboard.server`` (``streamlit run dashboard/app.py`` by hand). Only
    under a real server (``streamlit.runtime``), never in ``AppTest`` runs."""
    from streamlit import config, runtime

    # AppTest installs a stand-in runtime; its runs are tests, which must not share the
    # process with a warm-up reading whatever warehouse the environment named first
    if not runtime.exists() or config.get_option("global.appTest"):
        return False
    return warm_at_startup()


# ------------------------------------------------------------------------------ uploads


@st.cache_data(show_spinner=False, max_entries=64)
def template(kind: str, enterprise_id: str | None) -> bytes:
    """The monthly upload template (``xlsx`` or ``csv``), pre-filled with the enterprise id."""
    from service import templates as tpl

    if kind == "xlsx":
        return tpl.xlsx_template_bytes(enterprise_id)
    return tpl.csv_template_bytes(enterprise_id)


def upload(user: User, content: bytes, file_name: str):
    """Validate and store one upload for ``user`` (accepted whole or rejected whole).

    The file is read and its cells checked before this process's write lock is taken, so a
    large or hostile workbook never makes other sessions' reads and sign-ins wait (issue 10).
    """
    from service.uploads import ingest_prepared, prepare_upload

    prepared = prepare_upload(content, file_name)
    with _exclusive():
        result = ingest_prepared(db_path(), prepared, actor=user)
    log.info("upload %s by %s: %s", file_name, user.username, result.status)
    return result


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def _uploads(version: str, key: ScopeKey, enterprise_id: str | None) -> pl.DataFrame:
    with _reader() as con:
        return review.upload_history(con, _scope(key), enterprise_id=enterprise_id)


def uploads(scope: Scope, enterprise_id: str | None = None) -> pl.DataFrame:
    """Every upload inside ``scope`` (rejected too), newest first, with its review state."""
    return _uploads(data_version(), scope_key(scope), enterprise_id)


def restorable(scope: Scope, enterprise_id: str, period: dt.date) -> pl.DataFrame:
    """Uploads that hold rows for one enterprise-month, with ``is_current``."""
    with _reader() as con:
        return review.restorable_submissions(con, scope, enterprise_id, period)


def restore(user: User, enterprise_id: str, period: dt.date, submission_id: str) -> bool:
    """Make an earlier upload the current one for that month (audited)."""
    with _writer() as con:
        return review.restore_submission(con, user, enterprise_id, period, submission_id)


# ------------------------------------------------------------------------------ review


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=256)
def _queue(version: str, key: ScopeKey, states: tuple[str, ...] | None) -> pl.DataFrame:
    with _reader() as con:
        return review.review_queue(con, _scope(key), states=states)  # type: ignore[arg-type]


def review_queue(scope: Scope, states: tuple[str, ...] | None = ("pending",)) -> pl.DataFrame:
    """Submissions waiting for (or past) review inside ``scope``, oldest first."""
    return _queue(data_version(), scope_key(scope), states)


def accept(user: User, submission_id: str, comment: str | None, lock: bool) -> None:
    """Accept a submission, optionally locking its months."""
    with _writer() as con:
        review.accept_submission(con, user, submission_id, comment=comment or None,
                                 lock_periods=lock)


def send_back(user: User, submission_id: str, comment: str) -> None:
    """Return a submission to the enterprise with a comment it will see."""
    with _writer() as con:
        review.return_submission(con, user, submission_id, comment=comment)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=128)
def _locks(version: str, key: ScopeKey, year: int | None) -> pl.DataFrame:
    with _reader() as con:
        return review.list_locks(con, _scope(key), year=year)


def locks(scope: Scope, year: int | None = None) -> pl.DataFrame:
    """Locked enterprise-months inside ``scope``."""
    return _locks(data_version(), scope_key(scope), year)


def lock_park_year(user: User, park_id: str, year: int, lock: bool) -> int:
    """Lock (or unlock) every month of ``year`` for every enterprise of a park."""
    with _writer() as con:
        if lock:
            return review.lock_park_year(con, user, park_id, year)
        return review.unlock_park_year(con, user, park_id, year)


def lock_period(user: User, enterprise_id: str, period: dt.date, lock: bool) -> bool:
    """Lock (or unlock) one enterprise-month."""
    with _writer() as con:
        if lock:
            return review.lock_period(con, user, enterprise_id, period)
        return review.unlock_period(con, user, enterprise_id, period)


def _thresholds(version: str, key: ScopeKey, gwp_set: str) -> pl.DataFrame:
    """Screening from the frames already held (activity, emission rows location-based),
    computed whole once and per changed enterprise-year after an upload: no extra reads."""
    from service import frame_changes as fc

    activity = _activity(version, key)  # before the read below: read locks do not nest
    emissions = _emissions(version, key, gwp_set, "location")
    scope = _scope(key)

    def read_all(con):
        return _threshold_columns(fc.screening_of(con, scope, gwp_set, activity, emissions))

    def read_parts(con, parts, schema):
        year = pl.col("period").dt.year()
        return _threshold_columns(fc.screening_of(
            con, scope, gwp_set, fc.in_parts(activity, parts, year),
            fc.in_parts(emissions, parts, pl.col("year"))))

    return _kept((str(db_path()), "thresholds", key, gwp_set), version, read_all, read_parts,
                 pl.col("year"))


def _threshold_columns(found: pl.DataFrame) -> pl.DataFrame:
    """The pages' column names: the screening figures are *the* threshold figures."""
    return found.with_columns(total_tco2e=pl.col("screening_tco2e"),
                              energy_toe=pl.col("energy_toe_moit"))


def thresholds(scope: Scope, gwp_set: str, basis: str | None = None) -> pl.DataFrame:
    """Per enterprise × year: the Decree 06 list screening (``metrics.screening``).

    Always location-based Scope 2 on the Circular 38 boundary with MOIT TOE, whatever ``basis``
    the page displays: a display choice never moves an enterprise across a threshold.
    """
    return _thresholds(data_version(), scope_key(scope), gwp_set)


# ------------------------------------------------------------------------------ exports


def _bytes_of(write) -> bytes:
    """Run a writer that wants a file path and return what it wrote (parquet needs a path)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        write(path)
        return path.read_bytes()


def _export_request(kind: str, fmt: str, year: int, gwp_set: str, basis: str,
                    park_id: str | None, enterprise_id: str | None):
    from metrics.inventory import CalcParams
    from service.reports import ExportRequest

    return ExportRequest(
        kind=kind, fmt=fmt, year=year,  # type: ignore[arg-type]
        params=CalcParams(gwp_set=gwp_set, scope2_basis=basis),  # type: ignore[arg-type]
        park_id=park_id, enterprise_id=enterprise_id)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def _export(version: str, key: ScopeKey, kind: str, fmt: str, year: int, gwp_set: str,
            basis: str, park_id: str | None, enterprise_id: str | None):
    from service.reports import export_bytes

    request = _export_request(kind, fmt, year, gwp_set, basis, park_id, enterprise_id)
    with _reader() as con:
        return export_bytes(con, _scope(key), request)


def export(user: User, kind: str, fmt: str, year: int, gwp_set: str, basis: str,
           park_id: str | None = None, enterprise_id: str | None = None) -> bytes:
    """One export file (inventory table, Form 06 or province summary) inside the user's scope.

    Built by ``service.reports`` exactly as the CLI builds it, and written to the audit log
    (who exported what, for which year) before the bytes are handed out.
    """
    from service.reports import record_export

    made = _export(data_version(), scope_key(user.scope), kind, fmt, year, gwp_set, basis,
                   park_id, enterprise_id)
    request = _export_request(kind, fmt, year, gwp_set, basis, park_id, enterprise_id)
    with _exclusive():
        record_export(db_path(), user, request, made)
    return made.content


def submission_issues(scope: Scope, submission_id: str) -> pl.DataFrame:
    """Problems and warnings stored with one submission inside ``scope``."""
    from service.review import submission_issues as _issues

    with _reader() as con:
        return _issues(con, scope, submission_id)


# ------------------------------------------------------------------------------ admin


def users_frame(scope: Scope) -> pl.DataFrame:
    """Accounts ``scope`` may see (never password hashes), as a frame."""
    with _reader() as con:
        found = users.list_users(con, scope)
    schema = {"username": pl.String, "display_name": pl.String, "role": pl.String,
              "enterprise_id": pl.String, "park_id": pl.String, "disabled": pl.Boolean,
              "last_login_at": pl.Datetime}
    return pl.DataFrame([u.model_dump(include=set(schema)) for u in found], schema=schema)


def create_account(user: User, **fields: object) -> User:
    """Create an account (admin only; checks, audit and password rule in warehouse.users)."""
    with _writer() as con:
        return users.create_user(con, user, **fields)  # type: ignore[arg-type]


def set_disabled(user: User, username: str, disabled: bool) -> None:
    """Disable or re-enable an account (admin only, audited)."""
    with _writer() as con:
        if disabled:
            users.disable_user(con, user, username)
        else:
            users.enable_user(con, user, username)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=16)
def _factors(version: str, key: ScopeKey) -> pl.DataFrame:
    from service.factors import effective_library

    with _reader() as con:
        return effective_library(con, _scope(key))


def factors(scope: Scope) -> pl.DataFrame:
    """The effective emission-factor library for ``scope`` (shipped plus custom factors)."""
    return _factors(data_version(), scope_key(scope))


def factors_csv(scope: Scope) -> bytes:
    """The effective library as the CSV that ``import_factors`` reads back."""
    from service.factors import write_factor_csv

    return _bytes_of(lambda p: write_factor_csv(factors(scope), p))


def import_factor_file(user: User, content: bytes, file_name: str):
    """Validate and store a custom-factor file (all or nothing, audited, province/admin only);
    raises on problems."""
    from service.factors import import_factors

    with _writer() as con:
        return import_factors(con, content, file_name, actor=user)


@st.cache_resource(**_FRAMES)
def _intensity(version: str, key: ScopeKey, gwp_set: str, basis: str) -> pl.DataFrame:
    from dashboard.views import lean
    from metrics.rollups import intensity as _compute

    # only the columns the intensities sum by: filtering copies every column kept
    emissions = lean(_emissions(version, key, gwp_set, basis), "enterprise_id", "park_id",
                     "period", "year", "tco2e")
    return _compute(emissions, _activity(version, key), _parks(version))


def intensity(scope: Scope, gwp_set: str, basis: str) -> pl.DataFrame:
    """Yearly intensities (per unit of output, per billion VND, per park hectare)."""
    return _intensity(data_version(), scope_key(scope), gwp_set, basis)


# ------------------------------------------------------------------------ oversight (issue 11)


def closed_months(year: int) -> list[dt.date]:
    """Months of ``year`` that have ended; "lock the year" locks only these."""
    from service.oversight import closed_months as _closed

    return _closed(year)


def start_web_session(username: str) -> str:
    """A new reload-proof session token for a user who has just signed in."""
    from service.sessions import start_session

    with _writer() as con:
        return start_session(con, username)


def resume_web_session(token: str | None) -> str | None:
    """The username of a valid session token from the browser, else None."""
    from service.sessions import session_username

    if not token:
        return None
    with _reader() as con:
        return session_username(con, token)


def end_web_session(token: str | None) -> None:
    """Revoke the session (sign-out): the token is refused from now on, in every tab."""
    from service.sessions import revoke_session

    if token:
        with _writer() as con:
            revoke_session(con, token)


def today() -> dt.date:
    """Today in UTC (what "late" and "closed month" are judged on)."""
    from service.oversight import today_utc

    return today_utc()


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _contacts(version: str, key: ScopeKey) -> pl.DataFrame:
    from service.oversight import enterprise_contacts

    with _reader() as con:
        return enterprise_contacts(con, _scope(key))


def contacts(scope: Scope) -> pl.DataFrame:
    """Reminder contacts (contact_email, contact_phone) of the enterprises in ``scope``."""
    return _contacts(data_version(), scope_key(scope))


def audit_trail(user: User, enterprise_id: str | None, since: dt.datetime | None,
                until: dt.datetime | None) -> pl.DataFrame:
    """The audit log for province reviewers and admins (refused for anyone else)."""
    from service.oversight import audit_trail as _trail

    with _reader() as con:
        return _trail(con, user, enterprise_id=enterprise_id, since=since, until=until)
@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def _territorial(version: str, key: ScopeKey, year: int, gwp_set: str, basis: str,
                 park_id: str | None) -> pl.DataFrame:
    from metrics.inventory import CalcParams
    from service.inventory import territorial_table

    params = CalcParams(gwp_set=gwp_set, scope2_basis=basis)  # type: ignore[arg-type]
    # the year's rows come from the frames the pages hold (patched per upload), not a re-read
    frames = (_emissions(version, key, gwp_set, basis), _activity(version, key))
    with _reader() as con:
        return territorial_table(con, _scope(key), year=year, params=params, park_id=park_id,
                                 frames=frames)


def territorial(scope: Scope, year: int, gwp_set: str, basis: str,
                park_id: str | None = None) -> pl.DataFrame:
    """The territory's total beside the sum of its enterprises' inventories (one row a year)."""
    return _territorial(data_version(), scope_key(scope), year, gwp_set, basis, park_id)


# ------------------------------------------------------------------------------ JCM (issue 13)
# JCM tables are not part of the warehouse's data version (warehouse/version.py), so the
# register is read fresh each run (a few rows); screening, which computes, is cached on the data
# version plus the current JCM settings.


def jcm_settings() -> pl.DataFrame:
    """Each JCM setting with its current value (null: not set)."""
    from service import jcm

    with _reader() as con:
        return jcm.settings_table(con)


def _jcm_candidates(version: str, settings: tuple, key: ScopeKey, year: int,
                    park_id: str | None, overrides: tuple) -> pl.DataFrame:
    """The ranked list, held like the frames and, after an upload, screened again only for
    the parks of the changed enterprises (``service.jcm.screen`` ``kept=``)."""
    from service import frame_changes as fc
    from service import jcm

    over: dict[str, dict[str, float]] = {}
    for tech, name, value in overrides:
        over.setdefault(tech, {})[name] = value
    activity = _activity(version, key)  # the held rows (patched per upload), not a re-read
    enterprises = _enterprises(version, key)
    scope = _scope(key)
    store_key = (str(db_path()), "jcm_candidates", key, year, park_id, settings, overrides)

    def screen(con, **more):
        return jcm.screen(con, scope, year=year, park_id=park_id, overrides=over,
                          activity=activity, **more)

    def load(con):
        return fc.change_mark(con), screen(con)

    def refresh(con, mark, frame):
        now, parts = _changed_parts(con, version, store_key, scope, mark)
        if parts is None:  # a factor import, a registry edit, a restored backup…
            return now, screen(con)
        changed = parts.filter(pl.col("year") == year)["enterprise_id"]
        parks = enterprises.filter(pl.col("enterprise_id").is_in(changed.implode()))
        # always through screen: the survey columns are joined again whatever changed
        return now, screen(con, park_ids=sorted(parks["park_id"].unique().to_list()),
                           kept=frame)

    return _STORE.get(store_key, version, _reader, load, refresh)


def jcm_candidates(scope: Scope, year: int, park_id: str | None,
                   overrides: tuple[tuple[str, str, float], ...] = ()) -> pl.DataFrame:
    """Ranked JCM candidates inside ``scope`` (``overrides``: (technology, name, value))."""
    settings = tuple(jcm_settings().select("setting_key", "value", "verification").rows())
    return _jcm_candidates(data_version(), settings, scope_key(scope), year, park_id,
                           overrides)


def jcm_candidates_xlsx(table: pl.DataFrame) -> bytes:
    """The candidate list as the workshop workbook."""
    import io

    from exports.jcm import write_candidates
    from metrics.jcm.screening import technology_fit

    buf = io.BytesIO()
    write_candidates(table, "xlsx", buf, technology_fit(table))
    return buf.getvalue()


def jcm_record_export(user: User, kind: str, n_bytes: int, *, year: int | None = None,
                      park_id: str | None = None, project_id: str | None = None) -> None:
    """The ``export`` audit row of a JCM file prepared for ``user``."""
    from service import jcm

    with _writer() as con:
        jcm.record_jcm_export(con, kind, actor=user, n_bytes=n_bytes, year=year,
                              park_id=park_id, project_id=project_id)


def jcm_set_setting(user: User, key: str, value: float, source: str, verification: str) -> int:
    """Set a JCM setting as ``user`` (the service checks the role and audits)."""
    from service import jcm

    with _writer() as con:
        return jcm.set_setting(con, key, value, source=source, verification=verification,
                               actor=user)


def jcm_projects(scope: Scope, park_id: str | None = None) -> pl.DataFrame:
    """Projects inside ``scope`` with their current stage."""
    from service import jcm

    with _reader() as con:
        return jcm.list_projects(con, scope, park_id=park_id)


def jcm_project(scope: Scope, project_id: str) -> dict:
    """One project: its row, stages, participants and documents."""
    from service import jcm

    with _reader() as con:
        return jcm.project_detail(con, scope, project_id)


def jcm_add_project(user: User, **fields: object) -> str:
    """Register a project as ``user`` (role-checked and audited in the service)."""
    from service import jcm

    with _writer() as con:
        return jcm.add_project(con, actor=user, **fields)  # type: ignore[arg-type]


def jcm_change_stage(user: User, project_id: str, stage: str, stage_date: dt.date,
                     note: str | None) -> None:
    """Move a project to its next stage as ``user``."""
    from service import jcm

    with _writer() as con:
        jcm.change_stage(con, project_id, stage, stage_date=stage_date, actor=user, note=note)


def jcm_add_document(user: User, project_id: str, title: str, link: str | None) -> None:
    """Add a document reference to a project as ``user``."""
    from service import jcm

    with _writer() as con:
        jcm.add_document(con, project_id, title, actor=user, link=link)


def jcm_import_monitoring(user: User, project_id: str, content: bytes, file_name: str) -> int:
    """Store a project monitoring file as ``user`` (checked, role-checked, audited)."""
    from service import jcm

    with _writer() as con:
        return jcm.import_monitoring(con, project_id, content, file_name, actor=user)


def jcm_monitoring(scope: Scope, project_id: str, period_from: dt.date, period_to: dt.date):
    """A project's monitoring result (``service.jcm.MonitoringResult``) for the period."""
    from service import jcm

    with _reader() as con:
        return jcm.monitoring(con, scope, project_id, period_from=period_from,
                              period_to=period_to)


def jcm_monitoring_xlsx(result) -> bytes:
    """The monitoring table workbook of a ``MonitoringResult``."""
    import io

    from exports.jcm import write_monitoring
    from metrics.jcm.registry import methodology

    buf = io.BytesIO()
    write_monitoring(result.project, methodology(result.project["methodology_id"]),
                     (f"{result.period_from:%Y-%m}", f"{result.period_to:%Y-%m}"),
                     result.monitored, result.calculation, result.japan_credit_share_frac, buf)
    return buf.getvalue()


def jcm_beside_inventory(scope: Scope, year: int, park_id: str | None = None) -> pl.DataFrame:
    """Gross inventory beside projects' expected reductions and credits (never subtracted)."""
    from service import jcm

    held = thresholds(scope, "AR5")  # the screening frame the pages hold (before the read)
    with _reader() as con:
        return jcm.credits_beside_inventory(con, scope, year=year, park_id=park_id,
                                            screening=held)


# ------------------------------------------------------------------------------ circular economy,
# eco-park scorecard and targets (issue 12)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _circular_indicators(version: str, key: ScopeKey, year: int, park_id: str | None,
                         level: str) -> pl.DataFrame:
    from service.circular import indicator_table

    frames = _circular_frames(version, key)
    with _reader() as con:
        return indicator_table(con, _scope(key), year=year, park_id=park_id, level=level,
                               frames=frames)


def _circular_frames(version: str, key: ScopeKey) -> tuple[pl.DataFrame, ...]:
    """The held frames the circular indicators sum (AR5 location-based rows, activity,
    energy), fetched before a read connection is opened (read locks do not nest)."""
    return (_emissions(version, key, "AR5", "location"), _activity(version, key),
            _energy(version, key))


def circular_indicators(scope: Scope, year: int, park_id: str | None = None,
                        level: str = "park") -> pl.DataFrame:
    """Circular-economy indicators (long, with unit, formula and coverage) inside ``scope``."""
    return _circular_indicators(data_version(), scope_key(scope), year, park_id, level)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _symbiosis(version: str, key: ScopeKey, year: int, park_id: str | None) -> pl.DataFrame:
    from service.circular import symbiosis_flow_table

    with _reader() as con:
        return symbiosis_flow_table(con, _scope(key), year=year, park_id=park_id)


def symbiosis(scope: Scope, year: int, park_id: str | None = None) -> pl.DataFrame:
    """Symbiosis transfers of ``year`` (giver, receiver, item, tonnes) inside ``scope``."""
    return _symbiosis(data_version(), scope_key(scope), year, park_id)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _scorecard(version: str, key: ScopeKey, year: int) -> pl.DataFrame:
    from service.circular import scorecard_table

    frames = _circular_frames(version, key)
    with _reader() as con:
        return scorecard_table(con, _scope(key), year=year, frames=frames)


def scorecard(scope: Scope, year: int) -> pl.DataFrame:
    """Eco-park criteria per park for ``year`` (met / missed / unknown) inside ``scope``."""
    return _scorecard(data_version(), scope_key(scope), year)


def readiness(scope: Scope, year: int) -> pl.DataFrame:
    """Parks ranked by eco-park readiness for ``year``."""
    from metrics.scorecard import readiness as _rank

    return _rank(scorecard(scope, year))


def add_park_fact(user: User, **fields: object) -> int:
    """Store one park fact (park board for its park, province, admin; audited)."""
    from service.circular import add_park_fact as _add

    with _writer() as con:
        return _add(con, actor=user, **fields)  # type: ignore[arg-type]


def fact_indicators() -> list[str]:
    """The indicators a park fact may carry."""
    from service.circular import fact_indicators as _indicators

    return _indicators()


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=32)
def _target_progress(version: str, key: ScopeKey, gwp_set: str, basis: str) -> pl.DataFrame:
    from metrics.inventory import CalcParams
    from service.targets import progress_table

    params = CalcParams(gwp_set=gwp_set, scope2_basis=basis)  # type: ignore[arg-type]
    # yearly totals summed from the frames the pages hold (patched per upload), not re-read
    frames = (_emissions(version, key, gwp_set, basis), _activity(version, key))
    with _reader() as con:
        return progress_table(con, _scope(key), params=params, frames=frames)


def target_progress(scope: Scope, gwp_set: str = "AR5", basis: str = "location"
                    ) -> pl.DataFrame:
    """One row per target in reach: status, rule, gap, projection and band."""
    return _target_progress(data_version(), scope_key(scope), gwp_set, basis)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _trajectory(version: str, key: ScopeKey, target_id: str, gwp_set: str, basis: str
                ) -> pl.DataFrame:
    from metrics.inventory import CalcParams
    from service.targets import target_trajectory

    params = CalcParams(gwp_set=gwp_set, scope2_basis=basis)  # type: ignore[arg-type]
    frames = (_emissions(version, key, gwp_set, basis), _activity(version, key))
    with _reader() as con:
        return target_trajectory(con, _scope(key), target_id=target_id, params=params,
                                 frames=frames)


def trajectory(scope: Scope, target_id: str, gwp_set: str = "AR5", basis: str = "location"
               ) -> pl.DataFrame:
    """Chart rows (actual, pathway, projection with band) of one target."""
    return _trajectory(data_version(), scope_key(scope), target_id, gwp_set, basis)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _decomposition(version: str, key: ScopeKey, year: int, park_id: str | None, gwp_set: str,
                   basis: str) -> pl.DataFrame:
    from metrics.inventory import CalcParams
    from service.targets import decomposition as _decompose

    params = CalcParams(gwp_set=gwp_set, scope2_basis=basis)  # type: ignore[arg-type]
    frames = (_emissions(version, key, gwp_set, basis), _activity(version, key))
    with _reader() as con:
        return _decompose(con, _scope(key), year=year, park_id=park_id, params=params,
                          frames=frames)


def decomposition(scope: Scope, year: int, park_id: str | None = None, gwp_set: str = "AR5",
                  basis: str = "location") -> pl.DataFrame:
    """LMDI waterfall rows of the change from ``year − 1`` to ``year``."""
    return _decomposition(data_version(), scope_key(scope), year, park_id, gwp_set, basis)


def settable_criteria() -> list[str]:
    """Criteria whose threshold the province may set (unverified in law)."""
    from metrics.scorecard import load_criteria

    crit = load_criteria()
    return crit.filter(crit["province_settable"])["criterion_id"].to_list()


def set_threshold(user: User, criterion_id: str, threshold: float, note: str | None) -> str:
    """Set the province's threshold for an unverified criterion (admin only; audited)."""
    from service.circular import set_threshold as _set

    with _writer() as con:
        return _set(con, actor=user, criterion_id=criterion_id, threshold=threshold, note=note)


# ------------------------------------------------------------------------------ programme


def survey_definition():
    """The questionnaire of the current survey round (``parkghg/surveys``)."""
    from parkghg.survey import load_survey

    return load_survey()


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=64)
def _survey_results(version: str, key: ScopeKey, park_id: str | None):
    from service import survey

    with _reader() as con:
        return survey.survey_results(con, _scope(key), park_id=park_id)


def survey_results(scope: Scope, park_id: str | None = None):
    """Response rates and aggregated answers the scope may see (``service.survey``)."""
    return _survey_results(data_version(), scope_key(scope), park_id)


def survey_answers(scope: Scope, enterprise_id: str) -> dict | None:
    """An enterprise's current answer sheet, if it has one and the scope sees it."""
    from service import survey

    with _reader() as con:
        return survey.current_answers(con, scope, enterprise_id)


def submit_survey(user: User, enterprise_id: str, answers: dict) -> str:
    """Store an answer sheet from the form (a new version; audited)."""
    from service import survey

    with _writer() as con:
        return survey.submit_answers(con, user, enterprise_id, answers)


def import_survey_file(user: User, content: bytes, file_name: str) -> list[str]:
    """Store every sheet of an answers file, all or nothing (audited)."""
    from service import survey

    with _writer() as con:
        return survey.import_answers(con, user, content, file_name)


@st.cache_data(show_spinner=False, ttl=_TTL, max_entries=16)
def _plan_tracker(version: str, today: dt.date) -> pl.DataFrame:
    from service import plan

    with _reader() as con:
        return plan.tracker(con, today)


def plan_tracker() -> pl.DataFrame:
    """The programme plan tracker as of today (every role reads it)."""
    return _plan_tracker(data_version(), dt.date.today())


def update_plan(user: User, activity) -> int:
    """Store an edited plan activity as its next version (audited)."""
    from service import plan

    with _writer() as con:
        return plan.update_activity(con, user, activity)


def annual_report(user: User, year: int, doc_lang: str, park_id: str | None,
                  proposals: str) -> dict[str, bytes]:
    """The annual programme summary as {file name: bytes} (DOCX and PDF; audited)."""
    from service import programme

    with _exclusive(), tempfile.TemporaryDirectory(prefix="parkghg-report-") as tmp:
        made = programme.annual_report(db_path(), user, year=year, out_dir=Path(tmp),
                                       lang=doc_lang, park_id=park_id,  # type: ignore[arg-type]
                                       proposals=proposals)
        return {p.name: p.read_bytes() for p in made.files}


def workshop_pack(user: User, year: int, doc_lang: str, park_id: str | None) -> dict[str, bytes]:
    """The workshop pack as one ZIP, {file name: bytes} (audited)."""
    from service import programme

    with _exclusive(), tempfile.TemporaryDirectory(prefix="parkghg-pack-") as tmp:
        made = programme.workshop_pack(db_path(), user, year=year, out_dir=Path(tmp),
                                       lang=doc_lang, park_id=park_id,  # type: ignore[arg-type]
                                       as_zip=True)
        return {p.name: p.read_bytes() for p in made.files}
