"""SQL of the programme records: survey answer sheets and plan-tracker edits.

Both are append-only (a revision is a new version), so "what did this enterprise answer in
June" and "who moved the workshop" stay answerable. Reads of answer sheets are scoped like
every enterprise read; the plan tracker is programme-wide and readable by every role.
"""

from __future__ import annotations

import json

import duckdb
import polars as pl

from parkghg.schema import polars_schema
from warehouse.db import fetch_one, utc_now
from warehouse.scope import Scope, scope_predicate

_RESPONSE_COLUMNS = ("response_id", "survey_id", "survey_version", "survey_year",
                     "enterprise_id", "version", "answers", "source", "file_name",
                     "submitted_by", "submitted_at")


def next_response_version(con: duckdb.DuckDBPyConnection, survey_id: str, year: int,
                          enterprise_id: str) -> int:
    """The version number the next answer sheet of this enterprise gets."""
    row = fetch_one(con, "SELECT coalesce(max(version), 0) + 1 FROM survey_responses"
                         " WHERE survey_id = ? AND survey_year = ? AND enterprise_id = ?",
                    [survey_id, year, enterprise_id])
    return int(row[0]) if row else 1


def insert_response(con: duckdb.DuckDBPyConnection, *, survey_id: str, survey_version: int,
                    year: int, enterprise_id: str, answers: dict, source: str,
                    file_name: str | None, submitted_by: str) -> str:
    """Store one answer sheet as the enterprise's next version; returns its id."""
    version = next_response_version(con, survey_id, year, enterprise_id)
    response_id = f"{survey_id}-{year}-{enterprise_id}-v{version}"
    con.execute(
        "INSERT INTO survey_responses (response_id, survey_id, survey_version, survey_year,"
        " enterprise_id, version, answers, source, file_name, submitted_by, submitted_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [response_id, survey_id, survey_version, year, enterprise_id, version,
         json.dumps(answers, ensure_ascii=False), source, file_name, submitted_by, utc_now()],
    )
    return response_id


def read_responses(con: duckdb.DuckDBPyConnection, scope: Scope, *, survey_id: str, year: int,
                   current_only: bool = True) -> pl.DataFrame:
    """Answer sheets the scope may see (the current version of each enterprise by default).

    ``answers`` comes back as JSON text; ``park_id`` and ``sector_id`` are joined from the
    registry for the aggregations.
    """
    where, params = scope_predicate(scope, "r.enterprise_id")
    latest = (" AND r.version = (SELECT max(version) FROM survey_responses AS x"
              " WHERE x.survey_id = r.survey_id AND x.survey_year = r.survey_year"
              " AND x.enterprise_id = r.enterprise_id)") if current_only else ""
    cols = ", ".join(f"r.{c}" for c in _RESPONSE_COLUMNS)
    sql = (f"SELECT {cols}, e.park_id, e.sector_id FROM survey_responses AS r"  # noqa: S608
           " LEFT JOIN enterprises AS e USING (enterprise_id)"
           f" WHERE r.survey_id = ? AND r.survey_year = ? AND {where}{latest}"
           " ORDER BY r.enterprise_id, r.version")
    frame = con.sql(sql, params=[survey_id, year, *params]).pl()
    schema = polars_schema("survey_responses", exclude=("answers",))
    return frame.with_columns(pl.col("answers").cast(pl.String),
                              *(pl.col(c).cast(d) for c, d in schema.items()))


def plan_edits(con: duckdb.DuckDBPyConnection, plan_id: str) -> pl.DataFrame:
    """Every stored edit of the plan, oldest first."""
    frame = con.sql("SELECT * FROM plan_activities WHERE plan_id = ?"
                    " ORDER BY activity_id, version", params=[plan_id]).pl()
    return frame.with_columns(pl.col("partners").cast(pl.String))


def insert_plan_edit(con: duckdb.DuckDBPyConnection, plan_id: str, activity: dict,
                     changed_by: str) -> int:
    """Store an activity's next version; returns the version number."""
    row = fetch_one(con, "SELECT coalesce(max(version), 0) + 1 FROM plan_activities"
                         " WHERE plan_id = ? AND activity_id = ?", [plan_id, activity["id"]])
    version = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO plan_activities (plan_id, activity_id, version, title_vi, title_en, lead,"
        " partners, due_month, status, output_kind, output_ref, note, changed_by, changed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [plan_id, activity["id"], version, activity["title_vi"], activity["title_en"],
         activity["lead"], json.dumps(list(activity["partners"]), ensure_ascii=False),
         activity["due"], activity["status"], activity.get("output_kind"),
         activity.get("output_ref"), activity.get("note") or None, changed_by, utc_now()],
    )
    return version
