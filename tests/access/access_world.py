"""A small two-park, three-enterprise warehouse for the access-control tests.

Why direct inserts and not the ingest pipeline: these tests pin who may read what, and must
keep working (and stay fast) whatever the pipeline's validation rules become. The world is
built once per session and copied per test, so each test may change it freely.

    park PA: enterprises E1, E2        park PB: enterprise E3
    E1: S1 (Jan+Feb 2024), S1B (Jan 2024 again -> current for Jan; S1 still current for Feb)
    E2: S2 (Jan 2024)      E3: S3 (Jan 2024)
    rejected uploads without an enterprise id: SXE1 by ent1, SXE3 by ent3
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from argon2 import PasswordHasher

from metrics.inventory import CalcParams
from service.inventory import freeze_inventory
from warehouse import users as users_mod
from warehouse.audit import Actor
from warehouse.migrate import migrate
from warehouse.scope import Scope

PA, PB = "PA", "PB"
E1, E2, E3 = "3600000001", "3600000002", "3700000003"
PARK_OF = {E1: PA, E2: PA, E3: PB}
JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
# Frozen 2024 inventories of every enterprise: E1's own, and two it must never read.
VERSION_OF = {ent: f"{ent}-2024-2024-v1" for ent in (E1, E2, E3)}
PASSWORD = "correct-horse-battery"

# username -> (role, enterprise_id, park_id)
ACCOUNTS: dict[str, tuple[str, str | None, str | None]] = {
    "admin": ("admin", None, None),
    "prov": ("province", None, None),
    "park_a": ("park", None, PA),
    "park_b": ("park", None, PB),
    "ent1": ("enterprise", E1, None),
    "ent2": ("enterprise", E2, None),
    "ent3": ("enterprise", E3, None),
}

SYSTEM = Actor.system("test")


def cheap_hasher() -> PasswordHasher:
    """Fast argon2 parameters: the tests check behaviour, not hashing cost."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def scope_of(username: str) -> Scope:
    role, ent, park = ACCOUNTS[username]
    return Scope(role=role, enterprise_id=ent, park_id=park)


def add_submission(
    con: duckdb.DuckDBPyConnection,
    submission_id: str,
    enterprise_id: str | None,
    months: list[dt.date],
    *,
    uploaded_by: str,
    uploaded_at: dt.datetime,
    status: str = "accepted",
    make_current: bool = True,
) -> None:
    """One upload with one electricity row per month, optionally made current."""
    con.execute(
        "INSERT INTO submissions (submission_id, enterprise_id, file_name, file_sha256,"
        " file_size_bytes, file_format, uploaded_by, uploaded_at, period_first, period_last,"
        " status, row_count, error_count, warning_count)"
        " VALUES (?, ?, ?, ?, 10, 'csv', ?, ?, ?, ?, ?, ?, ?, 0)",
        [submission_id, enterprise_id, f"{submission_id}.csv", submission_id * 2, uploaded_by,
         uploaded_at, min(months) if months else None, max(months) if months else None,
         status, len(months), 0 if status != "rejected" else 1],
    )
    if status == "rejected":
        return
    for i, month in enumerate(months, start=2):
        con.execute(
            "INSERT INTO activity_rows (submission_id, row_number, enterprise_id, period,"
            " category, item, quantity, unit, quantity_canonical, unit_canonical)"
            " VALUES (?, ?, ?, ?, 'electricity', 'grid', 1000, 'kWh', 1, 'MWh')",
            [submission_id, i, enterprise_id, month],
        )
        if make_current:
            con.execute(
                "INSERT INTO period_current VALUES (?, ?, ?) ON CONFLICT (enterprise_id, period)"
                " DO UPDATE SET submission_id = excluded.submission_id",
                [enterprise_id, month, submission_id],
            )
            con.execute(
                "INSERT INTO period_history VALUES (?, ?, ?, 'accepted', ?, ?)",
                [enterprise_id, month, submission_id, uploaded_by, uploaded_at],
            )


def build_world(path: Path) -> None:
    """Registry, uploads and one account per role (see the module docstring)."""
    migrate(path)
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO provinces VALUES ('DN', 'Đồng Nai', 'Dong Nai')")
        for park in (PA, PB):
            con.execute(
                "INSERT INTO parks (park_id, province_id, name_vi, name_en) VALUES (?, 'DN', ?, ?)",
                [park, f"KCN {park}", f"Park {park}"],
            )
        for ent, park in PARK_OF.items():
            con.execute(
                "INSERT INTO enterprises (enterprise_id, name, park_id, sector_id, vsic_code)"
                " VALUES (?, ?, ?, 'food', '10')",
                [ent, f"Công ty {ent}", park],
            )
        t0 = dt.datetime(2024, 3, 1, 8, 0)
        add_submission(con, "S1", E1, [JAN, FEB], uploaded_by="ent1", uploaded_at=t0)
        add_submission(con, "S1B", E1, [JAN], uploaded_by="ent1",
                       uploaded_at=t0 + dt.timedelta(days=1))
        add_submission(con, "S2", E2, [JAN], uploaded_by="ent2", uploaded_at=t0)
        add_submission(con, "S3", E3, [JAN], uploaded_by="ent3", uploaded_at=t0)
        add_submission(con, "SXE1", None, [], uploaded_by="ent1", uploaded_at=t0,
                       status="rejected")
        add_submission(con, "SXE3", None, [], uploaded_by="ent3", uploaded_at=t0,
                       status="rejected")
        for ent in (E1, E2, E3):
            freeze_inventory(con, ent, 2024, 2024, CalcParams(), "access world", actor=SYSTEM)
        saved = users_mod.PASSWORD_HASHER
        users_mod.PASSWORD_HASHER = cheap_hasher()
        try:
            for username, (role, ent, park) in ACCOUNTS.items():
                users_mod.create_user(con, SYSTEM, username=username, role=role,
                                      password=PASSWORD, enterprise_id=ent, park_id=park)
        finally:
            users_mod.PASSWORD_HASHER = saved
    finally:
        con.close()
