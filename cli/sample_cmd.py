"""``parkghg sample-data``: build the Dong Nai demo warehouse from generated data.

The building is ``sample_data.load`` (through the real upload pipeline); this command adds the
options, the progress bar and the summary.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from parkghg.i18n import Lang, t
from parkghg.log import get_logger
from sample_data.generator import (
    DEFAULT_END,
    DEFAULT_ENTERPRISES_PER_PARK,
    DEFAULT_START,
    SAMPLE_SEED,
    SampleSpec,
)
from sample_data.load import SampleDataError, build_sample

log = get_logger(__name__)

_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _month_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not _MONTH_RE.match(value):
        lang: Lang = getattr(ctx.find_root().obj, "lang", "vi")
        raise click.BadParameter(t("sample.bad_month", lang, value=value))
    return value


def _check_range(start: str, end: str, today: dt.date) -> None:
    if start > end:
        raise SampleDataError("sample.start_after_end", start=start, end=end)
    if end > today.strftime("%Y-%m"):
        raise SampleDataError("sample.end_in_future", end=end)


@click.command("sample-data")
@click.option("--seed", type=int, default=SAMPLE_SEED, show_default=True,
              help="Random seed; the same seed gives the same data.")
@click.option("--parks", type=click.IntRange(min=1), default=None,
              help="Number of parks (default: the 22 real Dong Nai parks; more are fictional).")
@click.option("--enterprises-per-park", type=click.IntRange(min=1),
              default=DEFAULT_ENTERPRISES_PER_PARK, show_default=True)
@click.option("--start", default=DEFAULT_START, show_default=True, callback=_month_option,
              help="First month, YYYY-MM.")
@click.option("--end", default=DEFAULT_END, show_default=True, callback=_month_option,
              help="Last month, YYYY-MM.")
@click.option("--force", is_flag=True, help="Delete an existing warehouse file first.")
@click.pass_obj
def sample_data(obj, seed: int, parks: int | None, enterprises_per_park: int,
                start: str, end: str, force: bool) -> None:
    """Create a demo warehouse: Dong Nai parks, fictional enterprises, monthly uploads."""
    lang: Lang = obj.lang
    _check_range(start, end, dt.datetime.now(dt.UTC).date())
    spec = SampleSpec(parks=parks, enterprises_per_park=enterprises_per_park, start=start,
                      end=end, seed=seed)
    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns) as bar:
        task = bar.add_task(t("sample.cli.loading", lang), total=None)
        n_parks, n_enterprises, results = build_sample(
            obj.db_path, spec, force=force,
            on_start=lambda n: bar.update(task, total=n),
            progress=lambda n: bar.advance(task, n))
    seconds = time.perf_counter() - started
    rejected = [r for r in results if r.status == "rejected"]
    accepted = [r for r in results if r.status == "accepted"]
    log.info("sample-data: %d files in %.1f s", len(results), seconds)
    click.echo(t("sample.cli.done", lang, path=str(obj.db_path), parks=n_parks,
                 enterprises=n_enterprises,
                 files=len(accepted), rows=sum(r.row_count for r in accepted),
                 warnings=sum(len(r.warnings) for r in accepted), seconds=f"{seconds:.1f}"))
    if rejected:
        first = rejected[0]
        problem = first.errors[0] if first.errors else None
        raise SampleDataError("sample.rejected", n=len(rejected), file=first.file_name,
                              problem=problem.problem(lang) if problem else "")
