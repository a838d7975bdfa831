"""Deterministic Dong Nai sample: registry and monthly uploads, as polars frames.

Why generated and seeded: the dashboard demo, the tests and the benchmarks all need realistic
data that nobody has to collect, and the same seed must give byte-identical files so the
committed registry CSVs can be checked against the generator. Nothing here touches DuckDB;
``parkghg sample-data`` loads the output through the real ingest pipeline.

Parks are real Dong Nai parks with approximate public figures (``sample_data.parks``); every
enterprise and every number about it is fictional. ``generate(parks=..., enterprises_per_park=...,
months=...)`` scales up for benchmarks: parks beyond the real list are fictional demo parks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from parkghg.schema import column_names
from sample_data.activity import enterprise_activity, month_range
from sample_data.parks import park_seeds, parks_frame, provinces_frame
from sample_data.profiles import EnterpriseProfile, enterprise_profiles

SAMPLE_SEED = 20240124  # the day Sojitz proposed the Kobe smart-green park project to Dong Nai
DEFAULT_START = "2022-01"
DEFAULT_END = "2025-12"
DEFAULT_ENTERPRISES_PER_PARK = 5

ENTERPRISE_COLUMNS: tuple[str, ...] = column_names("enterprises")  # the registry import format


@dataclass(frozen=True)
class SampleSpec:
    """What to generate; the defaults are the committed Dong Nai demo sample."""

    parks: int | None = None  # None: every real park in sample_data.parks
    enterprises_per_park: int = DEFAULT_ENTERPRISES_PER_PARK
    start: str = DEFAULT_START
    end: str = DEFAULT_END
    seed: int = SAMPLE_SEED

    @classmethod
    def of(cls, *, parks: int | None = None,
           enterprises_per_park: int = DEFAULT_ENTERPRISES_PER_PARK,
           start: str = DEFAULT_START, end: str = DEFAULT_END, months: int | None = None,
           seed: int = SAMPLE_SEED) -> SampleSpec:
        """A spec where ``months`` (if given) counts from ``start`` and overrides ``end``."""
        if months is not None:
            y, m = (int(x) for x in start.split("-"))
            last = (y * 12 + m - 1) + months - 1
            end = f"{last // 12:04d}-{last % 12 + 1:02d}"
        return cls(parks=parks, enterprises_per_park=enterprises_per_park, start=start,
                   end=end, seed=seed)


@dataclass(frozen=True)
class SampleData:
    """The generated registry and activity (contract columns, one row per quantity)."""

    provinces: pl.DataFrame
    parks: pl.DataFrame
    enterprises: pl.DataFrame
    activity: pl.DataFrame


def profiles(spec: SampleSpec) -> tuple[EnterpriseProfile, ...]:
    """The fictional enterprises of ``spec`` with their hidden habits."""
    return enterprise_profiles(park_seeds(spec.parks, spec.seed), spec.enterprises_per_park,
                               spec.seed)


def enterprises_frame(profs: tuple[EnterpriseProfile, ...]) -> pl.DataFrame:
    """The registry ``enterprises`` format (what ``parkghg registry import`` reads)."""
    return pl.DataFrame(
        [{c: getattr(p, c) for c in ENTERPRISE_COLUMNS} for p in profs],
        schema={"enterprise_id": pl.String, "name": pl.String, "park_id": pl.String,
                "sector_id": pl.String, "vsic_code": pl.String, "roof_area_m2": pl.Float64,
                "employees": pl.Int64, "on_national_list": pl.Boolean, "address": pl.String,
                "business_registration_no": pl.String, "legal_representative": pl.String,
                "contact_email": pl.String, "contact_phone": pl.String},
        orient="row",
    )


def registry(spec: SampleSpec) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(provinces, parks, enterprises) frames of ``spec``."""
    seeds = park_seeds(spec.parks, spec.seed)
    profs = enterprise_profiles(seeds, spec.enterprises_per_park, spec.seed)
    return provinces_frame(), parks_frame(seeds), enterprises_frame(profs)


def activity_frame(spec: SampleSpec, profs: tuple[EnterpriseProfile, ...] | None = None
                   ) -> pl.DataFrame:
    """Every enterprise's monthly rows, concatenated in registry order."""
    profs = profiles(spec) if profs is None else profs
    return pl.concat(
        [enterprise_activity(p, spec.start, spec.end, spec.seed) for p in profs],
        how="vertical",
    )


def generate(*, parks: int | None = None,
             enterprises_per_park: int = DEFAULT_ENTERPRISES_PER_PARK,
             start: str = DEFAULT_START, end: str = DEFAULT_END, months: int | None = None,
             seed: int = SAMPLE_SEED) -> SampleData:
    """The whole sample: registry plus activity, deterministic for a given seed."""
    spec = SampleSpec.of(parks=parks, enterprises_per_park=enterprises_per_park, start=start,
                         end=end, months=months, seed=seed)
    seeds = park_seeds(spec.parks, spec.seed)
    profs = enterprise_profiles(seeds, spec.enterprises_per_park, spec.seed)
    return SampleData(provinces=provinces_frame(), parks=parks_frame(seeds),
                      enterprises=enterprises_frame(profs),
                      activity=activity_frame(spec, profs))


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """A frame as the CSV bytes an enterprise would upload (UTF-8, ``,``, ``.`` decimals)."""
    return frame.write_csv(null_value="").encode("utf-8")


def upload_file_name(enterprise_id: str, start: str, end: str) -> str:
    """A recognisable name for one enterprise's generated upload."""
    return f"{enterprise_id}_{start}_{end}.csv"


def monthly_upload_files(spec: SampleSpec, profs: tuple[EnterpriseProfile, ...] | None = None
                         ) -> Iterator[tuple[str, bytes]]:
    """One upload file (name, CSV bytes) per enterprise covering the whole period, lazily."""
    profs = profiles(spec) if profs is None else profs
    for p in profs:
        frame = enterprise_activity(p, spec.start, spec.end, spec.seed)
        if frame.height:
            yield upload_file_name(p.enterprise_id, spec.start, spec.end), csv_bytes(frame)


__all__ = [
    "DEFAULT_END", "DEFAULT_ENTERPRISES_PER_PARK", "DEFAULT_START", "SAMPLE_SEED", "SampleData",
    "SampleSpec", "activity_frame", "csv_bytes", "enterprises_frame", "generate", "month_range",
    "monthly_upload_files", "profiles", "registry",
]
