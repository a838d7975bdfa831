"""Build a sample warehouse through the public write path (registry import, then uploads).

Why through the real pipeline: the demo warehouse and every test world must hold exactly what
real uploads would produce (submissions, warnings for the planted ×10 typos, history), so every
generated monthly file goes through ``service.uploads.ingest_many`` like an enterprise's upload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parkghg.errors import ParkGHGError
from parkghg.log import get_logger
from sample_data.generator import SampleSpec, enterprises_frame, monthly_upload_files, profiles
from sample_data.parks import park_seeds, parks_frame, provinces_frame
from service.access import Actor
from service.db import migrate, open_warehouse
from service.registry import import_registry_many
from service.uploads import IngestResult, ingest_many

log = get_logger(__name__)

UPLOADED_BY = "sample-data"


class SampleDataError(ParkGHGError):
    """The sample could not be built as asked (existing warehouse, bad range, rejected file)."""


def _holds_no_data(path: Path) -> bool:
    """True for a warehouse with no registry and no upload yet (``parkghg init`` only)."""
    from service import registry, review
    from service.access import Scope
    from service.db import open_warehouse as _open

    try:
        with _open(path, read_only=True) as con:
            system = Scope.system()
            return (registry.list_enterprises(con, system).is_empty()
                    and review.upload_history(con, system).is_empty())
    except Exception:  # not a warehouse we can read: keep refusing
        return False


def fresh_warehouse(path: Path, force: bool) -> None:
    """A new, migrated warehouse file; never overwrites one silently (it may hold real uploads)."""
    if path.exists() and not force and _holds_no_data(path):
        migrate(path)  # what ``parkghg init`` made: fill it (nothing to lose)
        return
    if path.exists():
        if not force:
            raise SampleDataError("sample.exists", path=str(path))
        path.unlink()
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    migrate(path)


def load_sample(
    path: Path,
    spec: SampleSpec,
    *,
    on_start: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, list[IngestResult]]:
    """Import the registry, then every enterprise's uploads; returns (parks, enterprises, results).

    ``on_start(n_enterprises)`` is called once the work is known, ``progress(n)`` after each
    batch, so a front end can draw a progress bar.
    """
    profs = profiles(spec)
    seeds = park_seeds(spec.parks, spec.seed)
    registry_frames = [
        (provinces_frame(), "provinces"),
        (parks_frame(seeds), "parks"),
        (enterprises_frame(profs), "enterprises"),
    ]
    with open_warehouse(path) as con:
        import_registry_many(con, registry_frames,  # type: ignore[arg-type]
                             actor=Actor.system(UPLOADED_BY))
    if on_start:
        on_start(len(profs))
    results = ingest_many(path, monthly_upload_files(spec, profs), uploaded_by=UPLOADED_BY,
                          progress=progress)
    log.info("sample: %d parks, %d enterprises, %d files", len(seeds), len(profs), len(results))
    return len(seeds), len(profs), results


def build_sample(
    path: Path,
    spec: SampleSpec,
    *,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int, list[IngestResult]]:
    """A fresh warehouse at ``path`` holding the sample described by ``spec``."""
    fresh_warehouse(path, force)
    return load_sample(path, spec, on_start=on_start, progress=progress)
