"""Upload → validated rows → warehouse, all or nothing.

The pipeline reads the file (``ingest.read``), asks the warehouse what the file must be
checked against (registry, locks, history), validates it (``ingest.validate``) and hands the
result to ``warehouse.submissions`` in one transaction. It never runs SQL itself.

The file is read (parsed, its cells checked) *before* the warehouse is opened for writing
(``prepare_upload``), so a slow or hostile file never holds the write lock (issue 10 item 2);
under the lock only the checks against the registry and the store run, on at most
``ingest.read.MAX_ROWS`` rows. The write lock is held for one file (``ingest_bytes``) or one
batch (``ingest_many``), so the dashboard can read in between (see ``warehouse.db``).

A file over the size limit is never read whole (``read_capped`` stops at the limit) and a
rejected oversized file is stored as its first ``REJECTED_PREFIX_BYTES`` only, with the hash
and size of the whole (issue 10 item 5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import polars as pl
from pydantic import BaseModel, ConfigDict

from ingest.read import UPLOAD, FileRejected, RawFile, read_upload, too_large
from ingest.validate import Validated, ValidationContext, validate, validate_many
from parkghg.contract import TEMPLATE_VERSION
from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from parkghg.problems import Problem, problems_frame, problems_table
from service.db import migrate, upgrade_connection
from service.emissions import store_upload_emissions
from warehouse import submissions as store
from warehouse.audit import Acting, Actor
from warehouse.db import open_warehouse, transaction, utc_now
from warehouse.scope import Scope
from warehouse.users import require_active

log = get_logger(__name__)

Status = Literal["accepted", "rejected", "unchanged"]
#: The contract's upload limit, for front ends that can refuse a file before it arrives.
UPLOAD_LIMIT_MB = UPLOAD.max_mb
#: What is kept of a rejected file over the size limit: enough to see what it was.
REJECTED_PREFIX_BYTES = 64 * 1024


class PreparedUpload(BaseModel):
    """One file read outside the write lock: its bytes (or first bytes), hash and reading."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    file_name: str
    content: bytes
    size_bytes: int
    sha256: str
    raw: RawFile | None = None
    problems: list[Problem] = []


def read_capped(path: Path) -> tuple[bytes, int]:
    """A file's bytes and size, reading no more than the upload limit (+1 byte) of it."""
    size = path.stat().st_size
    limit = int(UPLOAD.max_mb * 1_000_000)
    with path.open("rb") as handle:
        return handle.read(limit + 1 if too_large(size) else -1), size


def prepare_upload(content: bytes, file_name: str, *, size_bytes: int | None = None
                   ) -> PreparedUpload:
    """Read and check one file without touching the warehouse (safe outside any lock)."""
    size = max(size_bytes or 0, len(content))
    sha = hashlib.sha256(content).hexdigest()
    try:
        raw = read_upload(content, file_name, size_bytes=size)
    except FileRejected as rejected:
        return PreparedUpload(file_name=file_name, content=content, size_bytes=size, sha256=sha,
                              problems=rejected.problems)
    return PreparedUpload(file_name=file_name, content=content, size_bytes=size, sha256=sha,
                          raw=raw)


class IngestResult(BaseModel):
    """What happened to one uploaded file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    submission_id: str | None
    status: Status
    file_name: str
    enterprise_id: str | None = None
    row_count: int = 0
    periods: list[dt.date] = []
    replaced_periods: list[dt.date] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    read_notes_vi: str | None = None
    read_notes_en: str | None = None

    def read_notes(self, lang: Lang) -> str | None:
        """How the file was read (encoding, separator, decimal mark), for the user."""
        return self.read_notes_vi if lang == "vi" else self.read_notes_en

    def issues_frame(self, lang: Lang) -> pl.DataFrame:
        """Errors then warnings as the table a user reads (row, column, value, problem, fix)."""
        return problems_table([*self.errors, *self.warnings], lang)

    def summary(self, lang: Lang) -> str:
        """One sentence saying what happened."""
        if self.status == "accepted":
            return t("ingest.result_accepted", lang, file=self.file_name, rows=self.row_count,
                     months=len(self.periods), first=_month(self.periods[0]),
                     last=_month(self.periods[-1]), replaced=len(self.replaced_periods),
                     warnings=len(self.warnings))
        if self.status == "rejected":
            return t("ingest.result_rejected", lang, file=self.file_name, errors=len(self.errors))
        return t("ingest.result_unchanged", lang, file=self.file_name)


def _month(period: dt.date) -> str:
    return period.strftime("%Y-%m")


def ingest_bytes(
    db_path: Path | str,
    content: bytes,
    file_name: str,
    *,
    uploaded_by: str | None = None,
    scope: Scope | None = None,
    actor: Acting | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Validate one uploaded file and store it (or its rejection) atomically.

    Who uploads: ``actor`` (a signed-in ``User``, checked to be still active), or for scripts
    and the server's command line ``uploaded_by`` with an optional ``scope`` (full by default).
    The file is read before the warehouse is opened (``prepare_upload``).
    """
    return ingest_prepared(db_path, prepare_upload(content, file_name), uploaded_by=uploaded_by,
                           scope=scope, actor=actor, today=today)


def ingest_prepared(
    db_path: Path | str,
    prepared: PreparedUpload,
    *,
    uploaded_by: str | None = None,
    scope: Scope | None = None,
    actor: Acting | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Store a file ``prepare_upload`` read (or its rejection), holding the lock only for that."""
    with open_warehouse(db_path) as con:
        return ingest_with_connection(con, prepared, prepared.file_name,
                                      uploaded_by=uploaded_by, scope=scope, actor=actor,
                                      today=today)


def ingest_many(
    db_path: Path | str,
    files: Iterable[tuple[str, bytes] | Path],
    *,
    uploaded_by: str | None = None,
    scope: Scope | None = None,
    actor: Acting | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 50,
    workers: int | None = None,
    upgrade: bool = False,
) -> list[IngestResult]:
    """Ingest many files in batches: read and validate in parallel, write a batch at once.

    ``upgrade``: create or upgrade the warehouse first (``service.db.migrate``), on the same
    connection as the first batch, so a one-file ``parkghg ingest`` opens the file once.

    Each batch is read (``prepare_upload``, in ``workers`` threads: polars releases the GIL)
    while the batch before it is written, so reading and writing overlap on a multi-core
    machine; a ``Path`` is read no further than the size limit
    (``read_capped``). Each file is still accepted or rejected whole with its own submission
    record. A group of independent files (no enterprise or identical bytes in common) is
    checked against the warehouse with one query per kind, validated in threads
    (``validate_many``: one pass over the clean files' rows) and written set-based in one
    transaction (``warehouse.submissions.record_uploads``: one INSERT per table; the stored
    emissions of the whole group in one engine pass). Files that touch the same enterprise go
    to the next group in their original order, so each is validated against the history the
    earlier one left and the result is what ingesting them one by one gives. The warehouse is
    re-opened every ``batch_size`` files, which lets the dashboard's read-only connections in
    between.
    """
    results: list[IngestResult] = []
    pending = iter(files)
    n_workers = workers or min(4, os.cpu_count() or 1)

    def read_next() -> list[PreparedUpload]:
        # Files are taken from ``pending`` (a generator, perhaps) by one thread at a time:
        # the next read starts only after the previous one has returned.
        chunk = [f for _, f in zip(range(batch_size), pending, strict=False)]
        return list(pool.map(_prepare, chunk))

    # The next batch is read (and, for a generator, produced) while this one is written:
    # reading needs no warehouse, so it overlaps the write instead of waiting for it.
    with ThreadPoolExecutor(max_workers=n_workers) as pool, \
            ThreadPoolExecutor(max_workers=1) as reader:
        upcoming = reader.submit(read_next)
        to_upgrade = upgrade
        while True:
            batch = upcoming.result()
            if not batch:
                if to_upgrade:  # no file at all: the warehouse is still created or upgraded
                    migrate(db_path)
                return results
            upcoming = reader.submit(read_next)
            with open_warehouse(db_path) as con:
                if to_upgrade:
                    upgrade_connection(con)
                    to_upgrade = False
                acting = _uploader(con, uploaded_by, scope, actor)
                day = today or dt.datetime.now(dt.UTC).date()
                for group in _independent_groups(batch):
                    results.extend(_ingest_group(con, pool, group, acting, day, progress,
                                                 n_workers))


def _prepare(item: tuple[str, bytes] | Path) -> PreparedUpload:
    if isinstance(item, Path):
        content, size = read_capped(item)
        return prepare_upload(content, item.name, size_bytes=size)
    name, content = item
    return prepare_upload(content, name)


def ingest_with_connection(
    con: duckdb.DuckDBPyConnection,
    content: bytes | PreparedUpload,
    file_name: str,
    *,
    uploaded_by: str | None = None,
    scope: Scope | None = None,
    actor: Acting | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """The pipeline on an open read-write connection (the caller owns the lock).

    The uploader's reach decides which enterprise ids the file may carry (its own, its park's
    tenants, or any); a file outside it is rejected and that attempt is logged with its audit
    row, as every rejection is (``docs/auth.md``).
    """
    actor = _uploader(con, uploaded_by, scope, actor)
    prepared = (content if isinstance(content, PreparedUpload)
                else prepare_upload(content, file_name))
    if prepared.file_name != file_name:
        prepared = prepared.model_copy(update={"file_name": file_name})
    [plan] = _plans(con, [prepared], actor.scope, today or dt.datetime.now(dt.UTC).date())
    return _write_group(con, [plan], [_validated(plan)], actor)[0]


@dataclass(frozen=True)
class _Plan:
    """What the warehouse says about a prepared file before it is validated."""

    prepared: PreparedUpload
    unchanged: str | None
    context: ValidationContext | None


def _keys(prepared: PreparedUpload) -> frozenset[str]:
    """What two files must not share to be validated and written side by side."""
    ids: set[str] = set()
    if prepared.raw is not None:
        ids = set(prepared.raw.frame["enterprise_id"].drop_nulls().str.strip_chars().to_list())
    return frozenset({f"sha:{prepared.sha256}", *(f"ent:{i}" for i in ids)})


def _independent_groups(prepared: list[PreparedUpload]) -> Iterator[list[PreparedUpload]]:
    """Consecutive runs of files sharing no enterprise and no bytes (order kept)."""
    group: list[PreparedUpload] = []
    seen: set[str] = set()
    for item in prepared:
        keys = _keys(item)
        if group and not seen.isdisjoint(keys):
            yield group
            group, seen = [], set()
        group.append(item)
        seen |= keys
    if group:
        yield group


def _ingest_group(
    con: duckdb.DuckDBPyConnection, pool: ThreadPoolExecutor, group: list[PreparedUpload],
    actor: Acting, today: dt.date, progress: Callable[[int], None] | None, workers: int = 1,
) -> list[IngestResult]:
    """Plan (warehouse reads, set-based), validate in parallel, then write the group at once.

    If writing fails part-way, the group is rolled back and written file by file, so files
    before the failing one are kept as a one-by-one ingest would have kept them.
    """
    plans = _plans(con, group, actor.scope, today)
    checked = _validate_group(pool, plans, workers)
    try:
        results = _write_group(con, plans, checked, actor)
    except Exception:
        log.warning("a batch of %d files failed; writing them one by one", len(group))
        results = []
        for plan, result in zip(plans, checked, strict=True):
            [again] = _plans(con, [plan.prepared], actor.scope, today)
            results.extend(_write_group(con, [again], [result], actor))
            if progress is not None:
                progress(1)
        return results
    if progress is not None:
        progress(len(results))
    return results


def _plans(
    con: duckdb.DuckDBPyConnection, items: list[PreparedUpload], scope: Scope, today: dt.date
) -> list[_Plan]:
    """What the warehouse says about each file, read once for the whole group."""
    earlier = store.unchanged_submissions(con, [i.sha256 for i in items])
    todo = [i.raw for i in items if i.sha256 not in earlier and i.raw is not None]
    contexts = iter(_contexts(con, todo, scope, today))
    return [_Plan(i, earlier.get(i.sha256), None) if i.sha256 in earlier or i.raw is None
            else _Plan(i, None, next(contexts)) for i in items]


#: Files per shared validation pass; a group is split so that every worker gets a share.
_VALIDATE_CHUNK = 100


def _validate_group(pool: ThreadPoolExecutor, plans: list[_Plan], workers: int = 1
                    ) -> list[Validated | None]:
    """Validation of a group in worker threads, each taking a contiguous share of the files
    through ``validate_many`` (one pass over the clean files' rows together)."""
    todo = [i for i, p in enumerate(plans) if p.context is not None and p.prepared.raw]
    size = max(1, min(_VALIDATE_CHUNK, -(-len(todo) // workers)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    done = pool.map(lambda chunk: validate_many(
        [(plans[i].prepared.raw, plans[i].context) for i in chunk]), chunks)  # type: ignore[misc]
    checked: list[Validated | None] = [None] * len(plans)
    for chunk, results in zip(chunks, done, strict=True):
        for i, result in zip(chunk, results, strict=True):
            checked[i] = result
    return checked


def _validated(plan: _Plan) -> Validated | None:
    """Validation proper: pure (no warehouse), so batches run it in worker threads."""
    if plan.context is None or plan.prepared.raw is None:
        return None
    return validate(plan.prepared.raw, plan.context)


class _Reach:
    """The uploader's registry ids, read once per group and only if a rejection needs them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
        self._con, self._scope = con, scope
        self._ids: frozenset[str] | None = None

    def __contains__(self, enterprise_id: object) -> bool:
        if self._ids is None:
            self._ids = store.known_enterprise_ids(self._con, self._scope)
        return enterprise_id in self._ids


def _write_group(
    con: duckdb.DuckDBPyConnection, plans: list[_Plan], checked: list[Validated | None],
    actor: Acting,
) -> list[IngestResult]:
    """Record each file's outcome (its own submission, accepted or rejected whole), the whole
    group in one transaction: one INSERT per table and one engine pass for the emissions."""
    reach = _Reach(con, actor.scope)
    decided = [_decide(plan, result, actor, reach)
               for plan, result in zip(plans, checked, strict=True)]
    outcomes = [outcome for outcome, _ in decided if outcome is not None]
    accepted = [o.meta.submission_id for o in outcomes if o.rows is not None]
    with transaction(con):  # the uploads and their stored emissions commit together
        recorded = store.record_uploads(con, outcomes, actor)
        store_upload_emissions(con, accepted, actor, activity=recorded.activity)
    results = []
    for _, result in decided:
        if result.status == "accepted":
            result = result.model_copy(
                update={"replaced_periods": recorded.replaced[result.submission_id]})
            log.info("accepted %s: %d rows, %d months, %d replaced, %d warnings",
                     result.file_name, result.row_count, len(result.periods),
                     len(result.replaced_periods), len(result.warnings))
        elif result.status == "rejected":
            log.info("rejected %s: %d problems", result.file_name, len(result.errors))
        else:
            log.info("%s is identical to submission %s; nothing to do", result.file_name,
                     result.submission_id)
        results.append(result)
    return results


def _decide(
    plan: _Plan, result: Validated | None, actor: Acting, reach: _Reach,
) -> tuple[store.UploadOutcome | None, IngestResult]:
    """One file's outcome to store (None: unchanged) and its result (replaced months are
    filled in once the group is written)."""
    prepared, scope, uploaded_by = plan.prepared, actor.scope, actor.username
    file_name, content, raw = prepared.file_name, prepared.content, prepared.raw
    if plan.unchanged is not None:
        return None, IngestResult(submission_id=plan.unchanged, status="unchanged",
                                  file_name=file_name)
    submission_id = uuid.uuid4().hex
    if raw is None or result is None:
        meta = _meta(submission_id, _attribution(scope, None, reach), file_name, prepared,
                     None, uploaded_by)
        return _reject(meta, _kept(prepared), prepared.problems)
    enterprise_id = _single_enterprise(raw)
    if result.errors:
        owner = _attribution(scope, enterprise_id, reach)
        meta = _meta(submission_id, owner, file_name, prepared, raw, uploaded_by)
        return _reject(meta, content, result.errors)
    meta = _meta(submission_id, enterprise_id, file_name, prepared, raw, uploaded_by)
    rows = result.rows
    assert rows is not None  # no errors: validate returns the rows
    outcome = store.UploadOutcome(meta=meta, content=content,
                                  issues=_issues_frame(result.warnings), rows=rows)
    return outcome, IngestResult(
        submission_id=submission_id, status="accepted", file_name=file_name,
        enterprise_id=enterprise_id, row_count=rows.height,
        periods=sorted(rows["period"].unique().to_list()), warnings=result.warnings,
        read_notes_vi=meta.read_notes_vi, read_notes_en=meta.read_notes_en,
    )


def _uploader(
    con: duckdb.DuckDBPyConnection, uploaded_by: str | None, scope: Scope | None,
    actor: Acting | None,
) -> Acting:
    """The acting uploader: ``actor`` (must still be an active account), or a named script."""
    if actor is not None:
        if uploaded_by is not None or scope is not None:
            raise TypeError("pass actor, or uploaded_by (and scope), not both")
        require_active(con, actor)
        return actor
    if uploaded_by is None:
        raise TypeError("an upload needs actor or uploaded_by")
    return Actor(username=uploaded_by, scope=scope or Scope.system())


def _file_ids(raw: RawFile) -> list[str]:
    return raw.frame["enterprise_id"].drop_nulls().str.strip_chars().unique().to_list()


def _contexts(
    con: duckdb.DuckDBPyConnection, raws: list[RawFile], scope: Scope, today: dt.date
) -> list[ValidationContext]:
    """Registry, locks and history for the enterprises named in each file, read with one query
    per kind for the whole group (not one per file)."""
    if not raws:
        return []
    ids = [_file_ids(raw) for raw in raws]
    every_id = sorted({i for file_ids in ids for i in file_ids})
    everyone = store.all_enterprise_ids(con)
    own: str | None = None
    reach: frozenset[str] | None = None  # None: any registered enterprise
    if scope.role == "enterprise":
        own = scope.enterprise_id
        reach = frozenset({scope.enterprise_id}) if scope.enterprise_id else frozenset()
    elif scope.role == "park":
        own = scope.park_id  # a park board uploads for its own tenants only
        reach = store.known_enterprise_ids(con, scope)
    locks = store.locked_periods(con, every_id)
    history = store.history_stats(con, every_id)
    units = store.production_units(con, every_id)
    by_enterprise = history.partition_by("enterprise_id", as_dict=True, include_key=True)
    contexts = []
    for file_ids in ids:
        parts = [by_enterprise[(i,)] for i in file_ids if (i,) in by_enterprise]
        contexts.append(ValidationContext(
            known_enterprises=everyone, today=today, own_enterprise_id=own, reach=reach,
            locked_periods=frozenset(lock for lock in locks if lock[0] in file_ids),
            history=pl.concat(parts) if parts else history.clear(),
            production_units={i: units[i] for i in file_ids if i in units},
        ))
    return contexts


def _attribution(scope: Scope, file_enterprise_id: str | None, reach: _Reach) -> str | None:
    """Whose upload history a rejected file belongs to.

    Never simply the id written in the file: a stranger's rejected upload naming another
    enterprise must not appear in that enterprise's history. An enterprise user's attempt is
    theirs; otherwise the file's id counts only when it is inside the uploader's scope.
    """
    if scope.role == "enterprise":
        return scope.enterprise_id
    if file_enterprise_id and file_enterprise_id in reach:
        return file_enterprise_id
    return None


def _single_enterprise(raw: RawFile) -> str | None:
    ids = raw.frame["enterprise_id"].drop_nulls().str.strip_chars().unique().to_list()
    return ids[0] if len(ids) == 1 else None


def _kept(prepared: PreparedUpload) -> bytes:
    """What is stored of a rejected file: all of it, or a bounded prefix when it is too big."""
    if too_large(prepared.size_bytes):
        return prepared.content[:REJECTED_PREFIX_BYTES]
    return prepared.content


def _meta(
    submission_id: str, enterprise_id: str | None, file_name: str, prepared: PreparedUpload,
    raw: RawFile | None, uploaded_by: str,
) -> store.SubmissionMeta:
    return store.SubmissionMeta(
        submission_id=submission_id, enterprise_id=enterprise_id, file_name=file_name,
        file_sha256=prepared.sha256, file_size_bytes=prepared.size_bytes,
        file_format=raw.file_format if raw else Path(file_name).suffix.lstrip(".") or "unknown",
        read_notes_vi=raw.read_notes("vi") if raw else None,
        read_notes_en=raw.read_notes("en") if raw else None,
        template_version=TEMPLATE_VERSION, uploaded_by=uploaded_by,
        uploaded_at=utc_now(),
    )


_NO_ISSUES = problems_frame([])


def _issues_frame(problems: list[Problem]) -> pl.DataFrame:
    """``problems_frame``, without building a frame for the usual file with no issue (a
    batch of hundreds of clean files spent seconds on empty frames)."""
    return problems_frame(problems) if problems else _NO_ISSUES


def _reject(meta: store.SubmissionMeta, content: bytes, issues: list[Problem]
            ) -> tuple[store.UploadOutcome, IngestResult]:
    outcome = store.UploadOutcome(meta=meta, content=content, issues=_issues_frame(issues))
    return outcome, IngestResult(
        submission_id=meta.submission_id, status="rejected", file_name=meta.file_name,
        enterprise_id=meta.enterprise_id, errors=issues,
        read_notes_vi=meta.read_notes_vi, read_notes_en=meta.read_notes_en,
    )
