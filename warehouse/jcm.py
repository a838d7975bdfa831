"""The JCM project register's SQL: settings, projects, stages, participants, documents,
monitored values and credits (migration 0013).

Every table is append-only. A project's current stage is its newest stage row and a setting's
value its newest row, so nothing referenced by a foreign key is ever updated (DuckDB would
refuse) and the history stays whole. Every read of project data takes a ``Scope``; rights and
audit rows are the service layer's (``service.jcm``), inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import duckdb
import polars as pl

from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, Where, scope_predicate


def _next_seq(con: duckdb.DuckDBPyConnection, table: str, where: str, params: list) -> int:
    # table and where are fixed by this module, never input.
    row = fetch_one(con, f"SELECT coalesce(max(seq), 0) + 1 FROM {table} WHERE {where}",  # noqa: S608
                    params)
    return int(row[0]) if row else 1


# ------------------------------------------------------------------------------ settings


def insert_setting(con: duckdb.DuckDBPyConnection, key: str, value: float, unit: str,
                   source: str, verification: str, by: str) -> int:
    """A new version of a setting; its sequence number."""
    seq = _next_seq(con, "jcm_settings", "setting_key = ?", [key])
    con.execute("INSERT INTO jcm_settings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [key, seq, value, unit, source, verification, by, utc_now()])
    return seq


def current_settings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The newest row of each setting (province-wide values, readable by everyone)."""
    return con.sql(
        "SELECT * FROM jcm_settings QUALIFY row_number() OVER"
        " (PARTITION BY setting_key ORDER BY seq DESC) = 1 ORDER BY setting_key").pl()


def setting_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every version of every setting, newest first."""
    return con.sql("SELECT * FROM jcm_settings ORDER BY setting_key, seq DESC").pl()


# ------------------------------------------------------------------------------ projects


def insert_project(con: duckdb.DuckDBPyConnection, *, enterprise_id: str, methodology_id: str,
                   technology_id: str | None, title: str, assumptions: dict[str, Any] | None,
                   expected_er_tco2_per_year: float | None, investment_usd: float | None,
                   jcm_financing_frac: float | None, japan_credit_share_frac: float | None,
                   by: str) -> str:
    """A new project row; its id."""
    project_id = f"jcm-{uuid.uuid4().hex[:10]}"
    con.execute(
        "INSERT INTO jcm_projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [project_id, enterprise_id, methodology_id, technology_id, title,
         json.dumps(assumptions) if assumptions else None, expected_er_tco2_per_year,
         investment_usd, jcm_financing_frac, japan_credit_share_frac, by, utc_now()])
    return project_id


def insert_stage(con: duckdb.DuckDBPyConnection, project_id: str, stage: str,
                 stage_date: dt.date, note: str | None, by: str) -> int:
    """Append a stage change; its sequence number."""
    seq = _next_seq(con, "jcm_project_stages", "project_id = ?", [project_id])
    con.execute("INSERT INTO jcm_project_stages VALUES (?, ?, ?, ?, ?, ?, ?)",
                [project_id, seq, stage, stage_date, note, by, utc_now()])
    return seq


def insert_participant(con: duckdb.DuckDBPyConnection, project_id: str, name: str, role: str,
                       country: str | None, by: str) -> int:
    """Append a participant; its sequence number."""
    seq = _next_seq(con, "jcm_project_participants", "project_id = ?", [project_id])
    con.execute("INSERT INTO jcm_project_participants VALUES (?, ?, ?, ?, ?, ?, ?)",
                [project_id, seq, name, role, country, by, utc_now()])
    return seq


def insert_document(con: duckdb.DuckDBPyConnection, project_id: str, title: str,
                    link: str | None, by: str) -> int:
    """Append a document reference; its sequence number."""
    seq = _next_seq(con, "jcm_project_documents", "project_id = ?", [project_id])
    con.execute("INSERT INTO jcm_project_documents VALUES (?, ?, ?, ?, ?, ?)",
                [project_id, seq, title, link, by, utc_now()])
    return seq


def insert_monitoring_values(con: duckdb.DuckDBPyConnection, project_id: str,
                             values: pl.DataFrame, file_name: str | None,
                             file_sha256: str | None, by: str) -> int:
    """Append monitored values (``period``, ``parameter``, ``value``, ``unit``); row count."""
    now = utc_now()
    for period, parameter, value, unit in values.select(
            "period", "parameter", "value", "unit").iter_rows():
        seq = _next_seq(con, "jcm_monitoring_values",
                        "project_id = ? AND period = ? AND parameter = ?",
                        [project_id, period, parameter])
        con.execute("INSERT INTO jcm_monitoring_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [project_id, period, parameter, seq, value, unit, file_name, file_sha256,
                     by, now])
    return values.height


def insert_credits(con: duckdb.DuckDBPyConnection, project_id: str, *, period_from: dt.date,
                   period_to: dt.date, issued_tco2: float, to_japan_tco2: float,
                   note: str | None, by: str) -> int:
    """Append an issuance of credits and its split; its sequence number."""
    seq = _next_seq(con, "jcm_credits", "project_id = ?", [project_id])
    con.execute("INSERT INTO jcm_credits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [project_id, seq, period_from, period_to, issued_tco2, to_japan_tco2,
                 issued_tco2 - to_japan_tco2, note, by, utc_now()])
    return seq


# ------------------------------------------------------------------------------ scoped reads

_CURRENT_STAGE = """
    LEFT JOIN (SELECT project_id, stage, stage_date FROM jcm_project_stages
               QUALIFY row_number() OVER (PARTITION BY project_id ORDER BY seq DESC) = 1)
         AS s ON s.project_id = p.project_id
    LEFT JOIN enterprises AS e ON e.enterprise_id = p.enterprise_id
"""


def list_projects(con: duckdb.DuckDBPyConnection, scope: Scope, *,
                  enterprise_id: str | None = None, park_id: str | None = None,
                  project_id: str | None = None) -> pl.DataFrame:
    """Projects inside ``scope`` with their current stage, enterprise name and park."""
    where = (Where(scope_predicate(scope, "p.enterprise_id"))
             .narrow("p.enterprise_id = ?", enterprise_id)
             .narrow("e.park_id = ?", park_id)
             .narrow("p.project_id = ?", project_id))
    sql = f"""
        SELECT p.project_id, p.enterprise_id, e.name AS enterprise_name, e.park_id,
               p.methodology_id, p.technology_id, p.title, s.stage, s.stage_date,
               p.expected_er_tco2_per_year, p.investment_usd, p.jcm_financing_frac,
               p.japan_credit_share_frac, CAST(p.assumptions AS VARCHAR) AS assumptions,
               p.created_by, p.created_at
        FROM jcm_projects AS p {_CURRENT_STAGE}
        WHERE {where.sql}
        ORDER BY e.park_id, p.enterprise_id, p.created_at
    """  # noqa: S608 - fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()


def _project_rows(con: duckdb.DuckDBPyConnection, scope: Scope, table: str, project_id: str,
                  order: str) -> pl.DataFrame:
    pred, params = scope_predicate(scope, "p.enterprise_id")
    sql = f"""
        SELECT c.* FROM {table} AS c JOIN jcm_projects AS p ON p.project_id = c.project_id
        WHERE ({pred}) AND c.project_id = ? ORDER BY {order}
    """  # noqa: S608 - table and order are fixed by this module
    return con.sql(sql, params=[*params, project_id]).pl()


def stage_history(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str) -> pl.DataFrame:
    """Every stage change of a project inside ``scope``, oldest first."""
    return _project_rows(con, scope, "jcm_project_stages", project_id, "c.seq")


def participants(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str) -> pl.DataFrame:
    """Participants of a project inside ``scope``."""
    return _project_rows(con, scope, "jcm_project_participants", project_id, "c.seq")


def documents(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str) -> pl.DataFrame:
    """Documents of a project inside ``scope``."""
    return _project_rows(con, scope, "jcm_project_documents", project_id, "c.seq")


def monitoring_values(con: duckdb.DuckDBPyConnection, scope: Scope, project_id: str,
                      period_from: dt.date, period_to: dt.date) -> pl.DataFrame:
    """The current monitored values of a project inside ``scope`` for the months given."""
    pred, params = scope_predicate(scope, "p.enterprise_id")
    sql = f"""
        SELECT c.period, c.parameter, c.value, c.unit, c.file_name, c.recorded_by
        FROM jcm_monitoring_values AS c JOIN jcm_projects AS p ON p.project_id = c.project_id
        WHERE ({pred}) AND c.project_id = ? AND c.period BETWEEN ? AND ?
        QUALIFY row_number() OVER (PARTITION BY c.period, c.parameter ORDER BY c.seq DESC) = 1
        ORDER BY c.period, c.parameter
    """  # noqa: S608 - pred is a fixed fragment; values are bound parameters
    return con.sql(sql, params=[*params, project_id, period_from, period_to]).pl()


def credits(con: duckdb.DuckDBPyConnection, scope: Scope, *, enterprise_id: str | None = None,
            park_id: str | None = None) -> pl.DataFrame:
    """Issued credits of projects inside ``scope``, with the project's enterprise and park."""
    where = (Where(scope_predicate(scope, "p.enterprise_id"))
             .narrow("p.enterprise_id = ?", enterprise_id)
             .narrow("e.park_id = ?", park_id))
    sql = f"""
        SELECT c.project_id, p.enterprise_id, e.park_id, c.seq, c.period_from, c.period_to,
               c.issued_tco2, c.to_japan_tco2, c.to_viet_nam_tco2, c.note
        FROM jcm_credits AS c JOIN jcm_projects AS p ON p.project_id = c.project_id
        LEFT JOIN enterprises AS e ON e.enterprise_id = p.enterprise_id
        WHERE {where.sql}
        ORDER BY c.project_id, c.seq
    """  # noqa: S608 - fixed fragments; values are bound parameters
    return con.sql(sql, params=where.params).pl()
