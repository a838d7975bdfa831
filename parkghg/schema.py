"""The schema registry: every table and frame parkghg stores or hands on, written once.

Why one registry: the same columns used to be restated by hand in the SQL migrations, the
registry import's checks, the activity insert lists, the engine's ``EMISSIONS_SCHEMA``, the
factor format and the export headings, and nothing noticed when one of them drifted. Here each
column is written once with its DuckDB type (and so its polars dtype), nullability, unit, an
English description, the checks it carries today and, for export columns, the catalogue key of
its bilingual heading. Everything else comes from it or is tested against it:

* the warehouse: ``tests/schema/`` builds a fresh warehouse from the migrations and a second
  database from :func:`create_sql` and compares every column, type, default, comment, key,
  check and foreign key, so a migration and this file can never disagree. Migrations stay
  hand-committed SQL (a shipped migration must never change), and ``tools/schema_sql.py``
  prints the DDL, rebuild and comment statements a new migration needs from this registry;
* the registry import's column checks (``warehouse.registry.COLUMNS``), the activity and issue
  insert lists, ``metrics.inventory.EMISSIONS_SCHEMA`` and ``metrics.factors.FACTOR_COLUMNS``
  are derived from it;
* the export headings (``exports/``) are tested to name exactly the columns of their frame
  here, with the same heading keys, so the Vietnamese text of a column is the export
  catalogue's (``export.po``), never restated.

A *table* (``stored=True``) lives in the warehouse; a *frame* (``stored=False``) is a polars
frame passed between layers or written to a file (the engine's emission rows, the factor
format, the export sheets).

Relations: every ``Reference`` says which columns point at which key. ``enforced=True`` ones
are DuckDB foreign keys (migration 0004). DuckDB refuses to update a row whose foreign-key
columns are indexed when that row is itself referenced (an update is a delete plus an insert
for indexed columns), so relations whose child row is also a parent that legitimate writes
update are documented with ``enforced=False`` and a reason, and checked by the referential
integrity test instead (``tests/schema/test_integrity.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, model_validator

from parkghg.i18n import Lang, t

SqlType = Literal[
    "VARCHAR", "DOUBLE", "INTEGER", "BIGINT", "UINTEGER", "BOOLEAN", "DATE", "TIMESTAMP",
    "BLOB", "JSON",
]

_POLARS: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "DOUBLE": pl.Float64(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "UINTEGER": pl.UInt32(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
    "TIMESTAMP": pl.Datetime("us"),
    "BLOB": pl.Binary(),
    "JSON": pl.String(),
}

#: Registry ids (province, park): lower-case slug, so they are safe in URLs and file names.
SLUG_RE = r"^[a-z0-9][a-z0-9_]{0,63}$"
#: Tax code (MST): 10 digits, or 13 with the branch dash; kept as text for the leading zeros.
ENTERPRISE_ID_RE = r"^[0-9]{10}(-[0-9]{3})?$"
#: A VSIC 2018 division (2 digits) down to a class (5 digits).
VSIC_RE = r"^[0-9]{2,5}$"


class Column(BaseModel):
    """One column: type, nullability, unit, meaning, and the checks it carries.

    ``minimum``/``maximum``/``allowed`` become SQL ``CHECK`` constraints on stored tables and
    are checked by the registry import; ``pattern`` is checked by the registry import only
    (ids arrive through it), never in SQL.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    sql_type: SqlType
    description: str
    nullable: bool = True
    unit: str | None = None
    default: str | None = None  # SQL expression
    minimum: float | None = None
    minimum_exclusive: bool = False
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    heading: str | None = None  # catalogue key of the bilingual export heading

    @property
    def dtype(self) -> pl.DataType:
        """The polars dtype a frame holds this column in."""
        return _POLARS[self.sql_type]

    def label(self, lang: Lang) -> str:
        """The export heading in ``lang`` (the description when the column has none)."""
        return t(self.heading, lang) if self.heading else self.description

    def check_sql(self) -> str | None:
        """The SQL condition of this column's checks (None when it has none).

        A nullable column gets ``x IS NULL OR …``, the form the first migrations used.
        """
        parts: list[str] = []
        if self.allowed is not None:
            parts.append(f"{self.name} IN ({', '.join(_sql_text(v) for v in self.allowed)})")
        if self.minimum is not None and self.maximum is not None:
            if self.minimum_exclusive:
                raise ValueError(f"{self.name}: an exclusive minimum with a maximum")
            parts.append(f"{self.name} BETWEEN {self.minimum:g} AND {self.maximum:g}")
        elif self.minimum is not None:
            op = ">" if self.minimum_exclusive else ">="
            parts.append(f"{self.name} {op} {self.minimum:g}")
        elif self.maximum is not None:
            parts.append(f"{self.name} <= {self.maximum:g}")
        if not parts:
            return None
        condition = " AND ".join(parts)
        return f"{self.name} IS NULL OR {condition}" if self.nullable else condition

    def ddl(self) -> str:
        """The column as written in ``CREATE TABLE``."""
        out = f"{self.name} {self.sql_type}"
        if not self.nullable:
            out += " NOT NULL"
        if self.default is not None:
            out += f" DEFAULT {self.default}"
        if (check := self.check_sql()) is not None:
            out += f" CHECK ({check})"
        return out


class Reference(BaseModel):
    """``columns`` of this table point at ``to`` (a primary or unique key) of ``table``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...]
    enforced: bool
    why: str  # why it is a foreign key, or why DuckDB cannot enforce it


class Table(BaseModel):
    """A warehouse table (``stored``) or a frame, with its keys, checks and references."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    columns: tuple[Column, ...]
    stored: bool = True
    primary_key: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    checks: tuple[str, ...] = ()  # table-level SQL conditions over several columns
    references: tuple[Reference, ...] = ()

    @model_validator(mode="after")
    def _names_exist(self) -> Table:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate column names")
        keyed = [*self.primary_key, *(c for u in self.unique for c in u),
                 *(c for r in self.references for c in r.columns)]
        unknown = sorted(set(keyed) - set(names))
        if unknown:
            raise ValueError(f"{self.name}: unknown columns {unknown}")
        if not self.stored and (self.primary_key or self.unique or self.checks):
            raise ValueError(f"{self.name}: a frame has no keys or SQL checks")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in table order."""
        return tuple(c.name for c in self.columns)

    def polars_schema(self, exclude: Iterable[str] = ()) -> dict[str, pl.DataType]:
        """``{name: dtype}`` in table order, for building or casting frames."""
        skip = set(exclude)
        return {c.name: c.dtype for c in self.columns if c.name not in skip}

    def foreign_keys(self) -> tuple[Reference, ...]:
        """The references DuckDB enforces."""
        return tuple(r for r in self.references if r.enforced)


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# ------------------------------------------------------------------------------ helpers


def _c(name: str, sql_type: SqlType, description: str, **kwargs: object) -> Column:
    return Column(name=name, sql_type=sql_type, description=description, **kwargs)


def _req(name: str, sql_type: SqlType, description: str, **kwargs: object) -> Column:
    return Column(name=name, sql_type=sql_type, description=description, nullable=False,
                  **kwargs)


def _with(col: Column, **changes: object) -> Column:
    """The same column with a few attributes changed (a frame's heading, a relaxed null)."""
    return col.model_copy(update=changes)


def _fk(columns: str | tuple[str, ...], table: str, to: str | tuple[str, ...] | None = None,
        *, why: str, enforced: bool = True) -> Reference:
    cols = (columns,) if isinstance(columns, str) else columns
    target = cols if to is None else ((to,) if isinstance(to, str) else to)
    return Reference(columns=cols, table=table, to=target, enforced=enforced, why=why)


#: ``stored_emissions.scope2_basis`` of a row that is the same on every Scope 2 basis (every
#: category but electricity): stored once and read with either basis, instead of one copy per
#: basis (a third fewer rows to compute, write and read; older rows stored per basis still read
#: the same, ``warehouse.stored_emissions._current_where``).
EVERY_BASIS = "both"
_STORED_BASIS_NOTE = ("location or market; both where the row is the same on either basis "
                      "(every category but electricity)")


_NEVER_DELETED = (
    "enforced: a referenced row is never deleted, re-keyed or re-pointed, so DuckDB never "
    "refuses a legitimate write"
)
_REGISTRY_UPSERT = (
    "not enforced: the registry re-import upserts this row, and DuckDB refuses to update a "
    "row's foreign-key columns while other rows reference it; the registry import checks it "
    "(warehouse.registry) and tests/schema/test_integrity.py verifies it"
)
_AUDIT = (
    "not enforced: an audit row must never be refused, or the audited action would fail "
    "with it; verified by tests/schema/test_integrity.py"
)
_FROZEN_COPY = (
    "not enforced: a label copied into a frozen version (the version row's enterprise is "
    "enforced); verified by tests/schema/test_integrity.py"
)
_DERIVED = (
    "not enforced: derived rows that every recalculation deletes and rewrites in bulk, where a "
    "foreign-key index per row would cost more than the rows; verified by "
    "tests/schema/test_integrity.py"
)
_VERSION_CHAIN = (
    "not enforced: recalculating writes the new version and then updates the old one's "
    "superseded_by in one transaction, and DuckDB refuses that update of a referenced row; "
    "verified by tests/schema/test_integrity.py"
)

# Columns written once and shared by several tables and frames.
_ENTERPRISE_ID = _req("enterprise_id", "VARCHAR",
                      "Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash",
                      heading="export.col_enterprise_id")
_PERIOD = _req("period", "DATE", "First day of the reported month")
_USERNAME_NOTE = "user name (a users.username, or the CLI operator's name)"

_FACTOR_COLUMNS: tuple[Column, ...] = (
    _req("factor_id", "VARCHAR", "Factor id, unique in the effective library",
         heading="export.fac_factor_id"),
    _c("library_version", "VARCHAR", "Library version the row was published in (v1, …)"),
    _req("kind", "VARCHAR",
         "What the number is: ncv, co2_ef, ch4_ef, n2o_ef, density, grid_ef, gwp, waste_ef, …",
         heading="export.fac_kind"),
    _c("fuel_or_item", "VARCHAR",
       "Contract item the factor applies to; waste rows are '<item>:<treatment>'",
       heading="export.fac_item"),
    _c("use", "VARCHAR", "stationary or mobile; empty means any use"),
    _c("gas", "VARCHAR", "Gas the factor is for (CO2, CH4, N2O, a refrigerant, …)",
       heading="export.col_gas"),
    _req("value", "DOUBLE", "The factor, in unit", heading="export.fac_value"),
    _c("unit", "VARCHAR", "Unit of value (fixed per kind, e.g. kg/TJ, GJ/t, t CO2e/MWh)",
       heading="export.fac_unit"),
    _c("valid_from", "DATE", "First day the factor applies (empty: always)",
       heading="export.fac_valid_from"),
    _c("valid_to", "DATE", "Last day the factor applies (empty: open-ended)",
       heading="export.fac_valid_to"),
    _req("level", "VARCHAR",
         "Circular 38 Art. 18 rank: enterprise, national, ipcc_default or other_published",
         heading="export.fac_level"),
    _c("source", "VARCHAR", "Publication the value comes from", heading="export.fac_source"),
    _c("source_detail", "VARCHAR", "Table, page or note locating the value in the source",
       heading="export.fac_source_detail"),
    _c("verification", "VARCHAR",
       "How well the value is checked (VERIFIED, SINGLE_SOURCE, …, UNVERIFIED)",
       heading="export.fac_verification"),
    _c("enterprise_id", "VARCHAR", "For an enterprise-specific factor, the enterprise it is for"),
)

_EMISSION_COLUMNS: tuple[Column, ...] = (
    _ENTERPRISE_ID,
    _c("park_id", "VARCHAR", "Industrial park of the enterprise", heading="export.col_park_id"),
    _c("sector_id", "VARCHAR", "Sector of the enterprise", heading="export.col_sector_id"),
    _PERIOD,
    _req("year", "INTEGER", "Calendar year of the period", heading="export.col_year"),
    _req("scope", "VARCHAR",
         "1, 2, 3, outside (biogenic CO2) or memo (Montreal-Protocol gases)",
         heading="export.col_scope"),
    _req("source_category", "VARCHAR",
         "stationary_combustion, mobile_combustion, refrigerant_recharge, electricity, steam "
         "or waste", heading="export.col_source_category"),
    _req("item", "VARCHAR", "Contract item; waste rows are '<item>:<treatment>'"),
    _req("gas", "VARCHAR", "Gas of the row (CO2e where the factor is itself CO2e)",
         heading="export.col_gas"),
    _c("activity_quantity", "DOUBLE",
       "Activity in activity_unit (repeated on each gas row of one activity)"),
    _c("activity_unit", "VARCHAR", "Canonical unit of activity_quantity"),
    _c("energy_tj", "DOUBLE", "Energy of the activity (repeated on each gas row)", unit="TJ"),
    _c("gas_t", "DOUBLE", "Mass of the gas (null where the factor is itself CO2e)", unit="t",
       heading="export.col_gas_t"),
    _c("gwp", "DOUBLE", "Global warming potential applied (null where the factor is CO2e)",
       unit="tCO2e/t", heading="export.col_gwp"),
    _c("tco2e", "DOUBLE", "Emissions", unit="tCO2e", heading="export.col_tco2e"),
    _req("gwp_set", "VARCHAR", "IPCC assessment report of the GWPs: AR4, AR5 or AR6",
         heading="export.col_gwp_set"),
    _req("scope2_basis", "VARCHAR", "location or market", heading="export.col_scope2_basis"),
    _req("provisional", "BOOLEAN",
         "Rests on a factor flagged CONFLICT/ESTIMATE/UNVERIFIED or a grid EF standing in for "
         "a later year", heading="export.col_provisional"),
    _c("factor_ids", "VARCHAR", "Ids of the factors used, '; '-separated",
       heading="export.col_factor_ids"),
)
_E = {c.name: c for c in _EMISSION_COLUMNS}
_F = {c.name: c for c in _FACTOR_COLUMNS}

# ------------------------------------------------------------------------- warehouse tables

# ------------------------------------------------------------- programme (0014, issue 14)

_PROGRAMME: tuple[Table, ...] = (
    Table(
        name="survey_responses",
        description="Every answer sheet an enterprise gave to a needs survey, versioned like "
                    "uploads (append-only); the highest version per enterprise, survey and "
                    "year is current",
        columns=(
            _req("response_id", "VARCHAR", "Answer-sheet id: survey-year-enterprise-vN"),
            _req("survey_id", "VARCHAR", "Survey definition id (parkghg/surveys/*.toml)"),
            _req("survey_version", "INTEGER", "Version of the survey definition answered"),
            _req("survey_year", "INTEGER", "Survey round (year)"),
            _with(_ENTERPRISE_ID, heading=None),
            _req("version", "INTEGER", "1 for the first answer sheet, +1 for each revision",
                 minimum=1),
            _req("answers", "JSON", "Question id -> answer (choice id, list, bool, number, text)"),
            _req("source", "VARCHAR", "form (dashboard) or file (uploaded answers)",
                 allowed=("form", "file")),
            _c("file_name", "VARCHAR", "Answers file name, for answers uploaded as a file"),
            _req("submitted_by", "VARCHAR", f"The submitting {_USERNAME_NOTE}"),
            _req("submitted_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("response_id",),
        # No reference to enterprises: service.survey checks the enterprise against the
        # registry before writing (an unenforced reference would need a populated fixture).
        unique=(("survey_id", "survey_year", "enterprise_id", "version"),),
    ),
    Table(
        name="plan_activities",
        description="Edits of the programme plan tracker, one version per edit (append-only); "
                    "the shipped plan file is version 0 and is not stored",
        columns=(
            _req("plan_id", "VARCHAR", "Plan id (parkghg/plans/*.toml)"),
            _req("activity_id", "VARCHAR", "Activity id within the plan"),
            _req("version", "INTEGER", "1 for the first edit, +1 for each later edit", minimum=1),
            _req("title_vi", "VARCHAR", "Activity title in Vietnamese"),
            _req("title_en", "VARCHAR", "Activity title in English"),
            _req("lead", "VARCHAR", "Lead agency code"),
            _req("partners", "JSON", "Partner agency codes (list)"),
            _req("due_month", "VARCHAR", "Due month, YYYY-MM"),
            _req("status", "VARCHAR", "planned, in_progress, done or cancelled",
                 allowed=("planned", "in_progress", "done", "cancelled")),
            _c("output_kind", "VARCHAR", "What the platform produced for it",
               allowed=("survey", "workshop_pack", "annual_report", "jcm_project")),
            _c("output_ref", "VARCHAR", "Which one (survey year, report file, project id)"),
            _c("note", "VARCHAR", "Free note of the editor"),
            _req("changed_by", "VARCHAR", f"The editing {_USERNAME_NOTE}"),
            _req("changed_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("plan_id", "activity_id", "version"),
    ),
)


_WAREHOUSE: tuple[Table, ...] = (
    Table(
        name="schema_migrations",
        description="Migrations applied to this warehouse (warehouse/migrate.py)",
        columns=(
            _req("name", "VARCHAR", "Migration file name without .sql (NNNN_name)"),
            _req("applied_at", "TIMESTAMP", "When it was applied",
                 default="current_timestamp"),
        ),
        primary_key=("name",),
    ),
    Table(
        name="provinces",
        description="Provinces (tinh/thanh pho) covered by this warehouse",
        columns=(
            _req("province_id", "VARCHAR", "Province id (lower-case slug)", pattern=SLUG_RE),
            _req("name_vi", "VARCHAR", "Name in Vietnamese"),
            _req("name_en", "VARCHAR", "Name in English"),
        ),
        primary_key=("province_id",),
    ),
    Table(
        name="parks",
        description="Industrial parks (khu cong nghiep)",
        columns=(
            _req("park_id", "VARCHAR", "Park id (lower-case slug)", pattern=SLUG_RE),
            _req("province_id", "VARCHAR", "Province the park is in", pattern=SLUG_RE),
            _req("name_vi", "VARCHAR", "Name in Vietnamese"),
            _req("name_en", "VARCHAR", "Name in English"),
            _c("area_ha", "DOUBLE", "Approved land area in hectares", unit="ha", minimum=0,
               minimum_exclusive=True),
            _c("operator", "VARCHAR", "Company operating the park (infrastructure developer)"),
            _c("latitude", "DOUBLE", "Latitude of the park (WGS 84)", unit="degree",
               minimum=-90, maximum=90),
            _c("longitude", "DOUBLE", "Longitude of the park (WGS 84)", unit="degree",
               minimum=-180, maximum=180),
        ),
        primary_key=("park_id",),
        references=(_fk("province_id", "provinces", why=_REGISTRY_UPSERT, enforced=False),),
    ),
    Table(
        name="sectors",
        description="Industrial sectors with their VSIC 2018 division code",
        columns=(
            _req("sector_id", "VARCHAR", "Sector id (seeded by migration 0001)"),
            _req("vsic_code", "VARCHAR", "VSIC 2018 division or range of divisions (e.g. 13-14)"),
            _req("name_vi", "VARCHAR", "Name in Vietnamese"),
            _req("name_en", "VARCHAR", "Name in English"),
        ),
        primary_key=("sector_id",),
    ),
    Table(
        name="enterprises",
        description="Enterprises; enterprise_id is the tax code (MST) kept as text",
        columns=(
            _with(_ENTERPRISE_ID, pattern=ENTERPRISE_ID_RE, heading=None),
            _req("name", "VARCHAR", "Registered name"),
            _req("park_id", "VARCHAR", "Industrial park the enterprise is in", pattern=SLUG_RE),
            _req("sector_id", "VARCHAR", "Sector (sectors.sector_id)"),
            _req("vsic_code", "VARCHAR", "VSIC 2018 code of the main activity (2 to 5 digits)",
                 pattern=VSIC_RE),
            _c("roof_area_m2", "DOUBLE", "Usable roof area (rooftop solar potential)",
               unit="m2", minimum=0),
            _c("employees", "INTEGER", "Number of employees", minimum=0),
            _req("on_national_list", "BOOLEAN",
                 "On the Prime Minister's list of facilities that must inventory GHG",
                 default="false"),
            _c("address", "VARCHAR", "Address of the facility (Form 06 I.1)"),
            _c("business_registration_no", "VARCHAR",
               "Business registration certificate number and date (Form 06 I.1); for most "
               "enterprises the enterprise code equals the tax code"),
            _c("legal_representative", "VARCHAR",
               "Legal representative, name and title (Form 06 I.2)"),
            _c("contact_email", "VARCHAR", "E-mail for reporting reminders"),
            _c("contact_phone", "VARCHAR", "Telephone for reporting reminders"),
        ),
        primary_key=("enterprise_id",),
        references=(
            _fk("park_id", "parks", why=_REGISTRY_UPSERT, enforced=False),
            _fk("sector_id", "sectors", why=_REGISTRY_UPSERT, enforced=False),
        ),
    ),
    Table(
        name="submissions",
        description="Every upload attempt: accepted, rejected (no data written) or superseded",
        columns=(
            _req("submission_id", "VARCHAR", "Submission id (random hex)"),
            _c("enterprise_id", "VARCHAR",
               "Enterprise whose history the upload belongs to (null: nobody's, e.g. a "
               "rejected file naming an enterprise outside the uploader's scope)"),
            _req("file_name", "VARCHAR", "File name as uploaded"),
            _req("file_sha256", "VARCHAR", "SHA-256 of the file bytes (hex)"),
            _req("file_size_bytes", "BIGINT", "Size of the file", unit="byte"),
            _req("file_format", "VARCHAR", "csv, xlsx, … as detected when reading"),
            _c("read_notes_vi", "VARCHAR",
               "How the file was read (encoding, separator), Vietnamese"),
            _c("read_notes_en", "VARCHAR",
               "How the file was read (encoding, separator), English"),
            _c("template_version", "VARCHAR", "Upload contract version it was checked against"),
            _req("uploaded_by", "VARCHAR", f"Uploading {_USERNAME_NOTE}"),
            _req("uploaded_at", "TIMESTAMP", "When it was uploaded (UTC)"),
            _c("period_first", "DATE", "First month in the file (accepted uploads)"),
            _c("period_last", "DATE", "Last month in the file (accepted uploads)"),
            _req("status", "VARCHAR",
                 "accepted (supplies at least one month), rejected, or superseded (every "
                 "month replaced)", allowed=("accepted", "rejected", "superseded")),
            _req("row_count", "INTEGER", "Activity rows written (0 when rejected)"),
            _req("error_count", "INTEGER", "Problems that rejected the file"),
            _req("warning_count", "INTEGER", "Warnings stored with an accepted file"),
        ),
        primary_key=("submission_id",),
        references=(_fk("enterprise_id", "enterprises", why=_NEVER_DELETED),),
    ),
    Table(
        name="submission_files",
        description=("Where the uploaded file, exactly as received, is stored: "
                     "<warehouse file>.files/<stored_path> (content-addressed, outside the "
                     "database so checkpoints never rewrite it)"),
        columns=(
            _req("submission_id", "VARCHAR", "The submission the bytes belong to"),
            _req("file_sha256", "VARCHAR", "SHA-256 of the bytes (hex), the file's address"),
            _req("file_size_bytes", "BIGINT", "Size of the file", unit="bytes", minimum=0),
            _req("stored_path", "VARCHAR",
                 "Path under <warehouse file>.files/: <sha256[:2]>/<sha256>"),
        ),
        primary_key=("submission_id",),
        references=(_fk("submission_id", "submissions", why=_NEVER_DELETED),),
    ),
    Table(
        name="submission_issues",
        description="Problems and warnings found in each submission, in both languages",
        columns=(
            _req("submission_id", "VARCHAR", "The submission the issue was found in"),
            _req("issue_no", "INTEGER", "Issue number within the submission, from 1"),
            _req("severity", "VARCHAR", "error (rejects the file) or warning",
                 allowed=("error", "warning")),
            _c("row_number", "INTEGER", "Row number as the user sees it in Excel (header row = 1)"),
            _c("column_name", "VARCHAR", "Column the issue is in (contract name)"),
            _c("value", "VARCHAR", "Offending value as read"),
            _req("code", "VARCHAR", "Issue code (stable; the catalogue key suffix)"),
            _req("problem_vi", "VARCHAR", "What is wrong, Vietnamese"),
            _req("problem_en", "VARCHAR", "What is wrong, English"),
            _req("fix_vi", "VARCHAR", "How to fix it, Vietnamese"),
            _req("fix_en", "VARCHAR", "How to fix it, English"),
        ),
        primary_key=("submission_id", "issue_no"),
        references=(_fk("submission_id", "submissions", why=_NEVER_DELETED),),
    ),
    Table(
        name="activity_rows",
        description="Monthly activity rows of every accepted upload, current or superseded",
        columns=(
            _req("submission_id", "VARCHAR", "The accepted submission the row came from"),
            _req("row_number", "INTEGER", "Excel row number in the uploaded file"),
            _with(_ENTERPRISE_ID, heading=None),
            _PERIOD,
            _req("category", "VARCHAR", "Contract category (fuel, electricity, waste, …)"),
            _req("item", "VARCHAR", "Contract item (diesel, grid, …)"),
            _req("quantity", "DOUBLE", "Quantity as uploaded, in unit", minimum=0),
            _req("unit", "VARCHAR", "Unit as uploaded (contract spelling)"),
            _req("quantity_canonical", "DOUBLE",
                 "Quantity converted to unit_canonical (exact unit conversion only)", minimum=0),
            _req("unit_canonical", "VARCHAR", "Canonical unit of the item for that dimension"),
            _c("use", "VARCHAR", "stationary or mobile (fuels)"),
            _c("treatment", "VARCHAR", "Treatment route (waste, wastewater)"),
            _c("counterparty", "VARCHAR",
               "Supplier or receiver; a registry enterprise id marks industrial symbiosis"),
            _c("note", "VARCHAR", "Free text from the enterprise"),
            _c("equipment", "VARCHAR",
               "Equipment a refrigerant was charged into (Circular 38 table 2.2); refrigerant "
               "rows only"),
        ),
        primary_key=("submission_id", "row_number"),
        references=(
            _fk("submission_id", "submissions", why=_NEVER_DELETED),
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="period_current",
        description="Which submission currently supplies each enterprise-month",
        columns=(
            _with(_ENTERPRISE_ID, heading=None),
            _PERIOD,
            _req("submission_id", "VARCHAR", "The submission whose rows are current"),
        ),
        primary_key=("enterprise_id", "period"),
        references=(
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
            _fk("submission_id", "submissions",
                why=f"{_NEVER_DELETED}; the pointer row itself is referenced by nothing, so "
                    "moving it is allowed"),
        ),
    ),
    Table(
        name="history_monthly",
        description=("Monthly totals of current activity per enterprise and item: the upload "
                     "checks' history (outlier medians, production unit) read without scanning "
                     "activity_current; kept in step with period_current in the same "
                     "transaction"),
        columns=(
            _with(_ENTERPRISE_ID, heading=None),
            _PERIOD,
            _req("category", "VARCHAR", "Contract category (fuel, electricity, waste, …)"),
            _req("item", "VARCHAR", "Contract item (diesel, grid, …)"),
            _req("unit_canonical", "VARCHAR", "Canonical unit of the item for that dimension"),
            _c("use", "VARCHAR", "stationary or mobile (fuels)"),
            _c("treatment", "VARCHAR", "Treatment route (waste, wastewater)"),
            _req("quantity_canonical", "DOUBLE",
                 "Sum of the month's current quantity_canonical for this key", minimum=0),
        ),
    ),
    Table(
        name="period_history",
        description="Every move of the period_current pointer, for audit",
        columns=(
            _with(_ENTERPRISE_ID, heading=None),
            _PERIOD,
            _req("submission_id", "VARCHAR", "The submission the month was pointed at"),
            _req("action", "VARCHAR", "accepted (a new upload) or restored (an older one)",
                 allowed=("accepted", "restored")),
            _req("changed_by", "VARCHAR", f"The {_USERNAME_NOTE} who moved it"),
            _req("changed_at", "TIMESTAMP", "When (UTC)"),
        ),
        references=(
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
            _fk("submission_id", "submissions", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="period_locks",
        description="Enterprise-months a reviewer has locked: uploads cannot replace them until "
                    "unlocked",
        columns=(
            _with(_ENTERPRISE_ID, heading=None),
            _PERIOD,
            _req("locked_by", "VARCHAR", f"The {_USERNAME_NOTE} who locked it"),
            _req("locked_at", "TIMESTAMP", "When (UTC)"),
            _c("reason", "VARCHAR", "Why, as typed by the reviewer"),
        ),
        primary_key=("enterprise_id", "period"),
        references=(_fk("enterprise_id", "enterprises", why=_NEVER_DELETED),),
    ),
    Table(
        name="factor_imports",
        description="Every accepted custom-factor file (rejected files write nothing)",
        columns=(
            _req("import_id", "VARCHAR", "Import id (random hex)"),
            _req("import_seq", "INTEGER", "Import order, from 1"),
            _req("file_name", "VARCHAR", "File name as imported"),
            _req("import_file_sha256", "VARCHAR", "SHA-256 of the file bytes (hex)"),
            _req("row_count", "INTEGER", "Factor rows written"),
            _req("imported_by", "VARCHAR", f"Importing {_USERNAME_NOTE}"),
            _req("imported_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("import_id",),
        unique=(("import_seq",),),
    ),
    Table(
        name="custom_factors",
        description="Enterprise-specific and national factors imported on top of the shipped "
                    "library",
        columns=(
            _req("import_id", "VARCHAR", "The import that added the row"),
            _req("import_seq", "INTEGER",
                 "Import order: the highest import_seq of a factor_id is the current row"),
            *_FACTOR_COLUMNS,
            _req("imported_by", "VARCHAR", f"Importing {_USERNAME_NOTE}"),
            _req("imported_at", "TIMESTAMP", "When (UTC)"),
            _req("import_file_sha256", "VARCHAR", "SHA-256 of the imported file (hex)"),
        ),
        primary_key=("import_id", "factor_id"),
        checks=("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",),
        references=(
            _fk("import_id", "factor_imports", why=_NEVER_DELETED),
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="inventory_versions",
        description="Frozen inventories of one enterprise over a span of years; accepted ones "
                    "never change",
        columns=(
            _req("version_id", "VARCHAR", "<enterprise>-<from>-<to>-v<n>"),
            _with(_ENTERPRISE_ID, heading=None),
            _req("year_from", "INTEGER", "First year covered"),
            _req("year_to", "INTEGER", "Last year covered"),
            _req("gwp_set", "VARCHAR", "IPCC assessment report of the GWPs: AR4, AR5 or AR6"),
            _req("scope2_basis", "VARCHAR", "location or market"),
            _req("status", "VARCHAR", "draft, accepted or superseded",
                 allowed=("draft", "accepted", "superseded")),
            _req("reason", "VARCHAR", "Why the version was made (typed by the person)"),
            _req("created_by", "VARCHAR", f"The {_USERNAME_NOTE} who froze it"),
            _req("created_at", "TIMESTAMP", "When (UTC)"),
            _c("accepted_by", "VARCHAR", f"The {_USERNAME_NOTE} who accepted it"),
            _c("accepted_at", "TIMESTAMP", "When it was accepted (UTC)"),
            _c("supersedes", "VARCHAR", "The version this recalculation replaces"),
            _c("superseded_by", "VARCHAR", "The version that replaced this one"),
            _c("superseded_at", "TIMESTAMP", "When it was replaced (UTC)"),
            _c("factor_library_version", "VARCHAR", "Shipped factor library version used (v1, …)"),
            _c("factor_library_sha256", "VARCHAR",
               "Fingerprint of the whole effective library at freeze time (shipped + custom)"),
            _req("provisional", "BOOLEAN", "Any emission row is provisional"),
            _req("row_count", "INTEGER", "Emission rows frozen"),
            _req("total_tco2e", "DOUBLE",
                 "Scopes 1+2+3 in tCO2e (biogenic and Montreal-gas memo rows excluded)",
                 unit="tCO2e"),
            _req("activity_sha256", "VARCHAR",
                 "Fingerprint of the activity rows used, to tell whether the data moved since"),
        ),
        primary_key=("version_id",),
        checks=("year_to >= year_from",),
        references=(
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
            _fk("supersedes", "inventory_versions", "version_id", why=_VERSION_CHAIN,
                enforced=False),
            _fk("superseded_by", "inventory_versions", "version_id", why=_VERSION_CHAIN,
                enforced=False),
        ),
    ),
    Table(
        name="inventory_version_rows",
        description="The emission rows of a version exactly as computed when it was frozen",
        columns=(
            _req("version_id", "VARCHAR", "The version the row belongs to"),
            _req("row_no", "INTEGER", "Row order within the version, from 0"),
            *(_with(c, heading=None) for c in _EMISSION_COLUMNS),
        ),
        primary_key=("version_id", "row_no"),
        references=(
            _fk("version_id", "inventory_versions", why=_NEVER_DELETED),
            _fk("enterprise_id", "enterprises", why=_FROZEN_COPY, enforced=False),
            _fk("park_id", "parks", why=_FROZEN_COPY, enforced=False),
            _fk("sector_id", "sectors", why=_FROZEN_COPY, enforced=False),
        ),
    ),
    Table(
        name="inventory_version_factors",
        description="The factor rows a version used, so it can be shown and re-derived without "
                    "today's library",
        columns=(
            _req("version_id", "VARCHAR", "The version that used the factor"),
            *(_with(c, heading=None, nullable=c.name != "factor_id") for c in _FACTOR_COLUMNS),
        ),
        primary_key=("version_id", "factor_id"),
        references=(
            _fk("version_id", "inventory_versions", why=_NEVER_DELETED),
            _fk("enterprise_id", "enterprises", why=_FROZEN_COPY, enforced=False),
        ),
    ),
    Table(
        name="inventory_version_activity",
        description="The activity rows (never deleted) a version was computed from",
        columns=(
            _req("version_id", "VARCHAR", "The version"),
            _req("submission_id", "VARCHAR", "Submission of the activity row"),
            _req("row_number", "INTEGER", "Row number of the activity row in that submission"),
        ),
        primary_key=("version_id", "submission_id", "row_number"),
        references=(
            _fk("version_id", "inventory_versions", why=_NEVER_DELETED),
            _fk(("submission_id", "row_number"), "activity_rows", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="emission_calculations",
        description="Every calculation that wrote stored emission rows: an accepted upload, "
                    "the recalculation after a factor import, or the backfill of an upgraded "
                    "warehouse",
        columns=(
            _req("calculation_id", "VARCHAR", "Calculation id"),
            _req("trigger", "VARCHAR", "What caused it: upload, factor_import or backfill",
                 allowed=("upload", "factor_import", "backfill")),
            _c("trigger_id", "VARCHAR", "The submission or factor import that caused it"),
            _req("library_version", "VARCHAR", "Shipped factor library version (v1, …)"),
            _req("library_sha256", "VARCHAR",
                 "Fingerprint of the effective library (shipped plus custom factors) used"),
            _req("submission_count", "INTEGER", "Submissions whose rows were (re)computed",
                 minimum=0),
            _req("row_count", "BIGINT", "Emission rows written", minimum=0),
            _req("calculated_by", "VARCHAR", f"The {_USERNAME_NOTE} whose action caused it"),
            _req("calculated_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("calculation_id",),
    ),
    Table(
        name="emission_sources",
        description="The calculation that last computed each accepted submission's stored "
                    "emissions (listed even when it yields no emission row, e.g. water only)",
        columns=(
            _req("submission_id", "VARCHAR", "The submission"),
            _req("calculation_id", "VARCHAR", "The calculation that wrote its current rows"),
        ),
        primary_key=("submission_id",),
        references=(
            _fk("submission_id", "submissions", why=_NEVER_DELETED),
            _fk("calculation_id", "emission_calculations", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="stored_emissions",
        description="Emission rows of every accepted submission, computed once when it arrived "
                    "(and again when factors change) for every GWP set and Scope 2 basis; "
                    "park and sector are joined from the registry when read",
        columns=(
            _req("submission_id", "VARCHAR", "Submission whose activity rows these come from"),
            *(_with(c, heading=None, **({"description": _STORED_BASIS_NOTE}
                                        if c.name == "scope2_basis" else {}))
              for c in _EMISSION_COLUMNS if c.name not in ("park_id", "sector_id")),
            _req("library_version", "VARCHAR", "Shipped factor library version used (v1, …)"),
            _req("calculation_id", "VARCHAR", "The calculation that wrote the row"),
        ),
        references=(
            _fk("submission_id", "submissions", why=_DERIVED, enforced=False),
            _fk("calculation_id", "emission_calculations", why=_DERIVED, enforced=False),
            _fk("enterprise_id", "enterprises", why=_DERIVED, enforced=False),
        ),
    ),
    Table(
        name="users",
        description="People who may sign in; the role and its enterprise_id/park_id fix what "
                    "they can read",
        columns=(
            _req("username", "VARCHAR",
                 "Lower-case sign-in name; also the user id written in audit_log and "
                 "uploaded_by"),
            _req("display_name", "VARCHAR", "Name shown in the dashboard"),
            _c("password_hash", "VARCHAR",
               "argon2id hash (never the password); NULL for accounts that sign in only "
               "through the province identity provider"),
            _req("role", "VARCHAR", "enterprise, park, province or admin",
                 allowed=("enterprise", "park", "province", "admin")),
            _c("enterprise_id", "VARCHAR", "The enterprise of an enterprise account"),
            _c("park_id", "VARCHAR", "The park of a park-board account"),
            _req("language", "VARCHAR", "Preferred language, vi or en", default="'vi'",
                 allowed=("vi", "en")),
            _c("email", "VARCHAR",
               "Used to match an identity-provider (OIDC) sign-in to this row"),
            _c("oidc_subject", "VARCHAR",
               "issuer|sub of the identity-provider account bound to this row on its first "
               "OIDC sign-in"),
            _req("disabled", "BOOLEAN", "A disabled account cannot sign in", default="false"),
            _req("created_at", "TIMESTAMP", "When the account was created (UTC)"),
            _req("created_by", "VARCHAR", f"The {_USERNAME_NOTE} who created it"),
            _c("last_login_at", "TIMESTAMP", "Last successful sign-in (UTC)"),
        ),
        primary_key=("username",),
        checks=(
            "(role = 'enterprise') = (enterprise_id IS NOT NULL)",
            "(role = 'park') = (park_id IS NOT NULL)",
        ),
        references=(
            _fk("enterprise_id", "enterprises",
                why=f"{_NEVER_DELETED}; a users row is referenced by nothing, so it may be "
                    "updated"),
            _fk("park_id", "parks",
                why=f"{_NEVER_DELETED}; a users row is referenced by nothing, so it may be "
                    "updated"),
        ),
    ),
    Table(
        name="web_sessions",
        description="Dashboard sign-in sessions that survive a page reload: only a hash of the "
                    "random token the browser keeps, never a password; revoked at sign-out",
        columns=(
            _req("token_sha256", "VARCHAR",
                 "SHA-256 (hex) of the session token; the token itself is never stored"),
            _req("username", "VARCHAR", f"The {_USERNAME_NOTE} signed in"),
            _req("created_at", "TIMESTAMP", "When the session started (UTC)"),
            _req("expires_at", "TIMESTAMP", "When the session stops being accepted (UTC)"),
            _c("revoked_at", "TIMESTAMP", "When the user signed out (UTC); NULL while valid"),
        ),
        primary_key=("token_sha256",),
    ),
    Table(
        name="submission_reviews",
        description="Every review decision on a submission (append-only); the newest one is "
                    "its state, none means pending",
        columns=(
            _req("review_id", "BIGINT", "Review id, increasing",
                 default="nextval('submission_reviews_seq')"),
            _req("submission_id", "VARCHAR", "The submission reviewed"),
            _c("enterprise_id", "VARCHAR", "Its enterprise (copied for scoped reads)"),
            _req("decision", "VARCHAR", "accepted or returned",
                 allowed=("accepted", "returned")),
            _req("reviewer", "VARCHAR", f"The reviewing {_USERNAME_NOTE}"),
            _req("reviewer_role", "VARCHAR", "park, province, admin or system",
                 allowed=("park", "province", "admin", "system")),
            _c("comment", "VARCHAR",
               "Shown to the enterprise; required when the submission is returned"),
            _req("reviewed_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("review_id",),
        checks=("decision = 'accepted' OR comment IS NOT NULL",),
        references=(
            _fk("submission_id", "submissions", why=_NEVER_DELETED),
            _fk("enterprise_id", "enterprises", why=_NEVER_DELETED),
        ),
    ),
    Table(
        name="audit_log",
        description="Append-only record of every review, lock, unlock, restore, upload, export "
                    "and user change",
        columns=(
            _req("audit_id", "BIGINT", "Audit row id, increasing",
                 default="nextval('audit_log_seq')"),
            _req("logged_at", "TIMESTAMP", "When (UTC)"),
            _req("actor", "VARCHAR", f"The acting {_USERNAME_NOTE}"),
            _req("actor_role", "VARCHAR", "Role of the actor at the time"),
            _req("action", "VARCHAR", "What was done (upload, lock, review, user_created, …)"),
            _req("object_type", "VARCHAR", "Kind of thing acted on (submission, period, user, …)"),
            _c("object_id", "VARCHAR", "Id of the thing acted on"),
            _c("enterprise_id", "VARCHAR",
               "The enterprise the action concerns, used to scope who may read the row"),
            _c("park_id", "VARCHAR",
               "Set for park-wide actions (bulk lock) so the park board can read them"),
            _c("details", "JSON", "Action-specific details"),
        ),
        primary_key=("audit_id",),
        references=(
            _fk("enterprise_id", "enterprises", why=_AUDIT, enforced=False),
            _fk("park_id", "parks", why=_AUDIT, enforced=False),
        ),
    ),
    Table(
        name="sign_in_throttle",
        description="Recent wrong sign-ins per account, per client and per account on one "
                    "client: each key's delay grows with its failures (issue 10)",
        columns=(
            _req("throttle_key", "VARCHAR",
                 "account:<name>, client:<id> or pair:<id>|<name>; names known or not alike"),
            _req("failures", "INTEGER", "Wrong sign-ins since the key's last success or unlock"),
            _req("last_failure_at", "TIMESTAMP", "When the last one happened (UTC)"),
        ),
        primary_key=("throttle_key",),
    ),
    Table(
        name="warehouse_marks",
        description="Facts about the warehouse itself, such as that it was built as a demo "
                    "(demo accounts sign in only there)",
        columns=(
            _req("mark", "VARCHAR", "What is marked, e.g. demo", allowed=("demo",)),
            _req("set_at", "TIMESTAMP", "When (UTC)"),
            _req("set_by", "VARCHAR", "Who set it (a command)"),
        ),
        primary_key=("mark",),
    ),
)

# JCM project register (migration 0013). Every table is append-only: a project's stage is
# its newest ``jcm_project_stages`` row and a setting's value its newest ``jcm_settings`` row,
# so no row is ever updated and the children's foreign keys onto ``jcm_projects`` hold.
JCM_STAGES: tuple[str, ...] = (
    "idea", "feasibility_study", "proposal", "validation", "registered", "monitoring",
    "verified", "credits_issued", "withdrawn",
)
JCM_SETTING_KEYS: tuple[str, ...] = ("grid_ef", "diesel_genset_ef")
JCM_VERIFICATION: tuple[str, ...] = ("VERIFIED", "SINGLE_SOURCE", "UNVERIFIED")
JCM_PARTICIPANT_ROLES: tuple[str, ...] = (
    "vn_enterprise", "jp_partner", "consultant", "financier", "other",
)
_JCM_PROJECT_ID = _req("project_id", "VARCHAR", "JCM project id (jcm-<hex>)")
_JCM_PROJECT_FK = _fk("project_id", "jcm_projects", why=_NEVER_DELETED)
_JCM_BY = _req("recorded_by", "VARCHAR", f"The recording {_USERNAME_NOTE}")
_JCM_AT = _req("recorded_at", "TIMESTAMP", "When it was recorded (UTC)")

_JCM: tuple[Table, ...] = (
    Table(
        name="jcm_settings",
        description="Values the province fixes for JCM methodologies (the conservative JCM grid "
                    "factor is not the inventory grid factor); newest row per key is current",
        columns=(
            _req("setting_key", "VARCHAR", "Which setting (grid_ef, diesel_genset_ef)",
                 allowed=JCM_SETTING_KEYS),
            _req("seq", "INTEGER", "Version of the setting, from 1"),
            _req("value", "DOUBLE", "The value, in unit", minimum=0),
            _req("unit", "VARCHAR", "Unit of value (tCO2/MWh)"),
            _req("source", "VARCHAR", "Where the value comes from (methodology spreadsheet, …)"),
            _req("verification", "VARCHAR", "How well the value is checked",
                 allowed=JCM_VERIFICATION),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("setting_key", "seq"),
    ),
    Table(
        name="jcm_projects",
        description="JCM projects an enterprise forms (never updated; stage in jcm_project_stages)",
        columns=(
            _JCM_PROJECT_ID,
            _req("enterprise_id", "VARCHAR", "The Vietnamese enterprise hosting the project"),
            _req("methodology_id", "VARCHAR", "Methodology (metrics.jcm.registry id)"),
            _c("technology_id", "VARCHAR", "Technology of the catalogue, if from screening"),
            _req("title", "VARCHAR", "Project title"),
            _c("assumptions", "JSON", "Ex-ante values and assumptions the project uses"),
            _c("expected_er_tco2_per_year", "DOUBLE", "Expected emission reductions a year",
               unit="tCO2/yr", minimum=0),
            _c("investment_usd", "DOUBLE", "Initial investment (indicative)", unit="USD",
               minimum=0),
            _c("jcm_financing_frac", "DOUBLE",
               "Share of the initial investment financed by the JCM (at most half)",
               unit="fraction", minimum=0, maximum=0.5),
            _c("japan_credit_share_frac", "DOUBLE",
               "Share of issued credits that goes to Japan (agreed per project)",
               unit="fraction", minimum=0, maximum=1),
            _req("created_by", "VARCHAR", f"The {_USERNAME_NOTE} who added it"),
            _req("created_at", "TIMESTAMP", "When it was added (UTC)"),
        ),
        primary_key=("project_id",),
        references=(_fk("enterprise_id", "enterprises", why=_NEVER_DELETED),),
    ),
    Table(
        name="jcm_project_stages",
        description="Every stage a JCM project entered (append-only); the newest is current",
        columns=(
            _JCM_PROJECT_ID,
            _req("seq", "INTEGER", "Order of the change, from 1"),
            _req("stage", "VARCHAR", "Stage entered", allowed=JCM_STAGES),
            _req("stage_date", "DATE", "Date the stage was entered (as documented)"),
            _c("note", "VARCHAR", "Why, or the document that marks the stage"),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("project_id", "seq"),
        references=(_JCM_PROJECT_FK,),
    ),
    Table(
        name="jcm_project_participants",
        description="Project participants (Vietnamese enterprise, Japanese partner, …)",
        columns=(
            _JCM_PROJECT_ID,
            _req("seq", "INTEGER", "Order added, from 1"),
            _req("name", "VARCHAR", "Participant name"),
            _req("role", "VARCHAR", "Role in the project", allowed=JCM_PARTICIPANT_ROLES),
            _c("country", "VARCHAR", "Country (VN, JP, …)"),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("project_id", "seq"),
        references=(_JCM_PROJECT_FK,),
    ),
    Table(
        name="jcm_project_documents",
        description="Documents of a project by name and link (PDD, validation report, …)",
        columns=(
            _JCM_PROJECT_ID,
            _req("seq", "INTEGER", "Order added, from 1"),
            _req("title", "VARCHAR", "Document name"),
            _c("link", "VARCHAR", "Where the document is kept (URL or path)"),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("project_id", "seq"),
        references=(_JCM_PROJECT_FK,),
    ),
    Table(
        name="jcm_monitoring_values",
        description="Monitored parameters of a project from a project monitoring upload "
                    "(append-only; newest row per project, period and parameter is current)",
        columns=(
            _JCM_PROJECT_ID,
            _req("period", "DATE", "First day of the monitored month"),
            _req("parameter", "VARCHAR", "Monitoring parameter of the methodology"),
            _req("seq", "INTEGER", "Version of the value, from 1"),
            _req("value", "DOUBLE", "The monitored value, in the parameter's unit"),
            _req("unit", "VARCHAR", "Unit of value (the methodology's)"),
            _c("file_name", "VARCHAR", "Monitoring file the value came from"),
            _c("file_sha256", "VARCHAR", "SHA-256 of that file"),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("project_id", "period", "parameter", "seq"),
        references=(_JCM_PROJECT_FK,),
    ),
    Table(
        name="jcm_credits",
        description="Credits issued for a project and where they went (shared with Japan); "
                    "shown beside the inventory, never subtracted from it",
        columns=(
            _JCM_PROJECT_ID,
            _req("seq", "INTEGER", "Issuance, from 1"),
            _req("period_from", "DATE", "First day of the monitoring period credited"),
            _req("period_to", "DATE", "Last month (first day) of the period credited"),
            _req("issued_tco2", "DOUBLE", "Credits issued", unit="tCO2", minimum=0),
            _req("to_japan_tco2", "DOUBLE", "Credits issued to the Japanese side", unit="tCO2",
                 minimum=0),
            _req("to_viet_nam_tco2", "DOUBLE", "Credits issued to the Vietnamese side",
                 unit="tCO2", minimum=0),
            _c("note", "VARCHAR", "Joint Committee notification or registry reference"),
            _JCM_BY, _JCM_AT,
        ),
        primary_key=("project_id", "seq"),
        checks=("period_to >= period_from",
                "abs(to_japan_tco2 + to_viet_nam_tco2 - issued_tco2) < 0.001"),
        references=(_JCM_PROJECT_FK,),
    ),
    # --- 0012: circular economy, eco-park scorecard and reduction targets (issue 12)
    Table(
        name="park_facts",
        description="Eco-park facts the monthly data cannot show (cleaner-production share, "
                    "green land share, coordination mechanism), entered by the park board or the "
                    "province with a date and evidence; append-only, the newest entry wins",
        columns=(
            _req("fact_id", "VARCHAR", "Fact entry id (random hex)"),
            _req("park_id", "VARCHAR", "Industrial park the fact is about"),
            _req("indicator", "VARCHAR",
                 "Criterion indicator (metrics/criteria/eco_park_v1.csv, source park_fact)"),
            _req("value", "DOUBLE",
                 "The value, in the criterion's unit (fraction, years, or 1 = yes / 0 = no)",
                 minimum=0),
            _req("fact_date", "DATE", "Date the fact refers to (e.g. survey or report date)"),
            _c("evidence_note", "VARCHAR", "Where the fact comes from (document, survey, visit)"),
            _req("entered_by", "VARCHAR", f"Entering {_USERNAME_NOTE}"),
            _req("entered_role", "VARCHAR", "Role of the entering user at the time"),
            _req("entered_at", "TIMESTAMP", "When it was entered (UTC)"),
        ),
        # park_id is checked against the registry by service.circular on every write; no
        # Reference here because the shared integrity world never writes park facts.
        primary_key=("fact_id",),
    ),
    Table(
        name="targets",
        description="Emission-reduction targets as data: level, metric on a stated boundary, "
                    "base and target year, reduction; append-only, a newer row with the same "
                    "target_id replaces an older one",
        columns=(
            _req("target_id", "VARCHAR", "Target id (slug, e.g. dn385_2030)"),
            _req("revision", "INTEGER", "Revision of the target, from 1", minimum=1),
            _req("level", "VARCHAR", "province, park or enterprise",
                 allowed=("province", "park", "enterprise")),
            _c("subject_id", "VARCHAR",
               "park_id or enterprise_id the target is for (empty for the province)"),
            _req("metric", "VARCHAR",
                 "absolute_tco2e (tCO2e) or intensity_tco2e_per_billion_vnd (tCO2e per "
                 "billion VND of revenue)",
                 allowed=("absolute_tco2e", "intensity_tco2e_per_billion_vnd")),
            _req("boundary", "VARCHAR", "Reporting boundary of the emissions (circular38)"),
            _req("base_year", "INTEGER", "Base year", minimum=1990, maximum=2100),
            _req("target_year", "INTEGER", "Target year", minimum=1990, maximum=2100),
            _req("reduction_frac", "DOUBLE", "Reduction from the base-year value by the target "
                 "year (1 = net zero)", unit="fraction", minimum=0, maximum=1),
            _c("base_value", "DOUBLE",
               "Fixed base-year value in the metric's unit (empty: the base-year actual)"),
            _c("source", "VARCHAR", "Decision or document setting the target"),
            _req("verification", "VARCHAR", "VERIFIED or UNVERIFIED",
                 allowed=("VERIFIED", "UNVERIFIED")),
            _c("note", "VARCHAR", "Free note"),
            _req("active", "BOOLEAN", "False when the target was withdrawn"),
            _req("created_by", "VARCHAR", f"Writing {_USERNAME_NOTE}"),
            _req("created_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("target_id", "revision"),
        checks=("target_year > base_year",),
    ),
    Table(
        name="eco_park_thresholds",
        description="Thresholds the province set for eco-park criteria whose legal value is "
                    "not verified (admin, audited); append-only, the newest wins",
        columns=(
            _req("setting_id", "VARCHAR", "Setting id (random hex)"),
            _req("criteria_version", "VARCHAR", "Criteria file version (eco_park_v1)"),
            _req("criterion_id", "VARCHAR", "Criterion of that version"),
            _req("threshold", "DOUBLE", "Threshold, in the criterion's unit"),
            _c("note", "VARCHAR", "Why this value (decision, letter)"),
            _req("set_by", "VARCHAR", f"Setting {_USERNAME_NOTE}"),
            _req("set_at", "TIMESTAMP", "When (UTC)"),
        ),
        primary_key=("setting_id",),
    ),
)

# ------------------------------------------------------------------------------- frames

_T = "tCO2e"
_SCOPE_TOTALS: tuple[Column, ...] = (
    _c("scope1_tco2e", "DOUBLE", "Scope 1 emissions", unit=_T,
       heading="export.col_scope1_tco2e"),
    _c("scope2_tco2e", "DOUBLE", "Scope 2 emissions", unit=_T,
       heading="export.col_scope2_tco2e"),
    _c("total_tco2e", "DOUBLE",
       "The headline: scopes 1+2 on the Circular 38 boundary (R-22 in scope 1)", unit=_T,
       heading="export.col_total_tco2e"),
    _c("scope3_tco2e", "DOUBLE", "Scope 3 (waste sent off site), reported separately, never in "
       "the total", unit=_T, heading="export.col_scope3_separate"),
    _c("outside_tco2e", "DOUBLE", "Biogenic CO2, outside the scopes (not in the total)",
       unit="t", heading="export.col_biogenic_co2_t"),
)
_N_ENTERPRISES = _c("enterprises", "UINTEGER", "Enterprises in the group",
                    heading="export.col_enterprises")
_N_OVER = (
    _c("n_over_3000_tco2e", "UINTEGER", "Enterprises at or over 3,000 tCO2e a year (scopes 1+2)",
       heading="export.col_n_over_3000"),
    _c("n_over_1000_toe", "UINTEGER", "Enterprises at or over 1,000 TOE a year",
       heading="export.col_n_over_1000_toe"),
)
_ENTERPRISE_NAME = _c("enterprise_name", "VARCHAR", "Registered name of the enterprise",
                      heading="export.col_enterprise_name")
_NO = _c("no", "BIGINT", "Row number in the table (STT), from 1", heading="export.f06_col_no")
_ACTIVITY_QUANTITY = _with(_E["activity_quantity"],
                           description="Yearly activity in activity_unit")


def _f06(name: str, description: str, columns: tuple[Column, ...]) -> Table:
    return Table(name=name, description=description, columns=columns, stored=False)


_FRAMES: tuple[Table, ...] = (
    Table(
        name="emissions",
        description="The engine's emission rows (metrics.inventory.EMISSIONS_SCHEMA): one row "
                    "per enterprise, month, scope, source, item and gas",
        columns=_EMISSION_COLUMNS,
        stored=False,
    ),
    Table(
        name="factors",
        description="Factor rows in the import/export format (metrics.factors.FACTOR_COLUMNS): "
                    "the shipped library, custom factors and a version's frozen factors",
        columns=_FACTOR_COLUMNS,
        stored=False,
    ),
    Table(
        name="inventory_table",
        description="The inventory table export: one row per enterprise, year, scope, source "
                    "category and gas",
        columns=(
            _E["enterprise_id"], _ENTERPRISE_NAME, _E["park_id"], _E["sector_id"], _E["year"],
            _E["scope"],
            _req("reporting_boundary", "VARCHAR",
                 "scope_1, scope_2, scope_3, outside_scopes_biogenic or memo_montreal_gases",
                 heading="export.col_reporting_boundary"),
            _req("in_total", "BOOLEAN",
                 "Counted in the headline (scopes 1+2, Circular 38 boundary)",
                 heading="export.col_in_total"),
            _E["source_category"], _E["gas"],
            _with(_E["gas_t"], description="Mass of the gas in the year (null where the factor "
                                           "is itself CO2e)"),
            _with(_E["gwp"], description="GWP applied (null when the year mixed several)"),
            _with(_E["tco2e"], description="Emissions in the year"),
            _E["gwp_set"], _E["scope2_basis"],
            _with(_E["provisional"], description="Any month of the row is provisional"),
            _E["factor_ids"],
            _c("version_id", "VARCHAR", "Frozen inventory version (null: live calculation)",
               heading="export.col_version_id"),
            _c("uncertainty_pct", "DOUBLE",
               "Combined uncertainty of the row's tCO2e, ± % at 95 % (IPCC 2006 Vol. 1 ch. 3 "
               "Approach 1; metrics.uncertainty)", unit="%",
               heading="export.col_uncertainty_pct"),
            _c("enterprise_uncertainty_pct", "DOUBLE",
               "Combined uncertainty of the enterprise-year headline (scopes 1+2, Circular 38 "
               "boundary), ± % at 95 %", unit="%",
               heading="export.col_enterprise_uncertainty_pct"),
            _c("uncertainty_provisional", "BOOLEAN",
               "The row's uncertainty uses a default tagged UNVERIFIED",
               heading="export.col_uncertainty_provisional"),
        ),
        stored=False,
    ),
    Table(
        name="province_parks",
        description="Province workbook, by-park sheet: one row per park",
        columns=(
            _req("park_id", "VARCHAR", "Park id", heading="export.col_park_id"),
            _c("park_name_vi", "VARCHAR", "Park name in Vietnamese",
               heading="export.col_park_name_vi"),
            _c("park_name_en", "VARCHAR", "Park name in English",
               heading="export.col_park_name_en"),
            _N_ENTERPRISES, *_SCOPE_TOTALS, *_N_OVER,
        ),
        stored=False,
    ),
    Table(
        name="province_sectors",
        description="Province workbook, by-sector sheet: one row per sector",
        columns=(
            _req("sector_id", "VARCHAR", "Sector id", heading="export.col_sector_id"),
            _c("sector_name_vi", "VARCHAR", "Sector name in Vietnamese",
               heading="export.col_sector_name_vi"),
            _c("sector_name_en", "VARCHAR", "Sector name in English",
               heading="export.col_sector_name_en"),
            _N_ENTERPRISES, *_SCOPE_TOTALS, *_N_OVER,
        ),
        stored=False,
    ),
    Table(
        name="province_enterprises",
        description="Province workbook, by-enterprise sheet: one row per registry enterprise "
                    "(zeros when it has no data)",
        columns=(
            _E["enterprise_id"], _ENTERPRISE_NAME,
            _req("park_id", "VARCHAR", "Industrial park", heading="export.col_park_id"),
            _req("sector_id", "VARCHAR", "Sector", heading="export.col_sector_id"),
            *_SCOPE_TOTALS,
            _req("months", "INTEGER", "Months with data in the year",
                 heading="export.col_months"),
            _c("uncertainty_pct", "DOUBLE", "Combined uncertainty of the headline, 95 % "
               "half-width (IPCC 2006 Vol. 1 ch. 3, Approach 1; metrics.uncertainty)", unit="%",
               heading="export.col_uncertainty_pct"),
            _req("screening_tco2e", "DOUBLE", "Decree 06 list screening emissions: scopes 1+2, "
                 "Circular 38 boundary, location-based scope 2 (metrics.screening)", unit=_T,
                 heading="export.col_screening_tco2e"),
            _req("energy_toe_moit", "DOUBLE", "Energy use by MOIT TOE coefficients "
                 "(letter 3505/BCT-KHCN)", unit="TOE", heading="export.col_energy_toe_moit"),
            _req("over_3000_tco2e", "BOOLEAN", "At or over 3,000 tCO2e a year (screening)",
                 heading="export.col_over_3000"),
            _req("over_1000_toe", "BOOLEAN", "At or over 1,000 TOE a year",
                 heading="export.col_over_1000_toe"),
            _req("on_national_list", "BOOLEAN",
                 "On the Prime Minister's list of facilities that must inventory GHG",
                 heading="export.col_on_national_list"),
            _req("provisional", "BOOLEAN", "Any result of the enterprise is provisional",
                 heading="export.col_provisional"),
        ),
        stored=False,
    ),
    Table(
        name="province_factor_sources",
        description="Province workbook, notes sheet: factors used, counted by source and level",
        columns=(
            _F["source"], _F["level"],
            _c("n", "UINTEGER", "Factors used from that source and level",
               heading="export.col_factor_count"),
        ),
        stored=False,
    ),
    _f06("form06_stationary", "Form 06 table 1.1: stationary fuel combustion in a year", (
        _NO,
        _c("item_label", "VARCHAR", "Fuel, 'Vietnamese / English'",
           heading="export.f06_col_fuel_type"),
        _with(_ACTIVITY_QUANTITY, heading="export.f06_col_consumption"),
        _with(_E["activity_unit"], heading="export.f06_col_unit_fuel"),
        _c("ncv_tj_per_unit", "DOUBLE", "Net calorific value applied", unit="TJ/activity_unit",
           heading="export.f06_col_ncv"),
        _with(_E["energy_tj"], description="Energy in the year",
              heading="export.f06_col_total_tj"),
    )),
    _f06("form06_mobile", "Form 06 table 1.2: mobile fuel combustion in a year", (
        _NO,
        _c("vehicle_type", "VARCHAR", "Vehicle type (left blank for the enterprise)",
           heading="export.f06_col_vehicle_type"),
        _c("vehicle_info", "VARCHAR", "Make, model, plate (left blank for the enterprise)",
           heading="export.f06_col_vehicle_info"),
        _c("item_label", "VARCHAR", "Fuel, 'Vietnamese / English'",
           heading="export.f06_col_fuel_mobile"),
        _c("consumption", "DOUBLE", "Yearly fuel in unit (litres for liquid fuels)",
           heading="export.f06_col_consumption_l"),
        _c("unit", "VARCHAR", "Unit of consumption (L for liquid fuels)",
           heading="export.f06_col_unit"),
        _with(_E["energy_tj"], description="Energy in the year",
              heading="export.f06_col_total_tj"),
        _c("distance_km", "DOUBLE", "Distance in the year (left blank for the enterprise)",
           unit="km", heading="export.f06_col_distance_km"),
    )),
    _f06("form06_refrigerant", "Form 06 table 2.1: refrigerant recharged in a year", (
        _NO,
        _c("item_label", "VARCHAR", "Refrigerant (upper case)",
           heading="export.f06_col_refrigerant"),
        _with(_ACTIVITY_QUANTITY, description="Refrigerant recharged in the year", unit="kg",
              heading="export.f06_col_recharge_kg"),
    )),
    _f06("form06_equipment", "Form 06 table 2.2: refrigeration and electrical equipment "
         "register, one row per equipment and refrigerant in a year", (
        _NO,
        _c("equipment_label", "VARCHAR", "Equipment as named on the upload (or 'not named')",
           heading="export.f06_col_equipment"),
        _c("item_label", "VARCHAR", "Refrigerant (upper case)",
           heading="export.f06_col_refrigerant"),
        _c("charge_kg", "DOUBLE", "Refrigerant charged (topped up) in the year", unit="kg",
           heading="export.f06_col_recharge_kg"),
        _c("tco2e", "DOUBLE", "Emissions of that charge (inventory GWP set)", unit="tCO2e",
           heading="export.col_tco2e"),
    )),
    _f06("form06_electricity", "Form 06 table 4.1: electricity used in a year, by source", (
        _NO,
        _with(_ACTIVITY_QUANTITY, description="Electricity in the year", unit="MWh",
              heading="export.f06_col_electricity_mwh"),
        _c("source_label", "VARCHAR", "Supply: grid, direct (DPPA), self-generated, REC",
           heading="export.f06_col_electricity_source"),
        _c("notes", "VARCHAR", "Notes (left blank for the enterprise)",
           heading="export.f06_col_notes"),
    )),
    _f06("form06_steam", "Form 06 table 4.2: purchased steam in a year", (
        _NO,
        _c("pressure", "VARCHAR", "Steam pressure (left blank for the enterprise)",
           heading="export.f06_col_pressure"),
        _c("temperature_c", "VARCHAR", "Steam temperature (left blank for the enterprise)",
           unit="°C", heading="export.f06_col_temperature"),
        _with(_ACTIVITY_QUANTITY, description="Steam bought in the year",
              heading="export.f06_col_steam_mass"),
        _with(_E["activity_unit"], heading="export.f06_col_unit"),
        _c("enthalpy_kj_per_kg", "DOUBLE", "Steam enthalpy applied in the calculation (the "
           "factor the steam rows name: supplier's, enterprise's or the Circular 38 default)",
           unit="kJ/kg", heading="export.f06_col_enthalpy"),
        _c("fuel_mix", "VARCHAR", "Boiler fuel and efficiency applied to purchased steam "
           "(factor ids named)", heading="export.f06_col_fuel_mix"),
    )),
    _f06("form06_results", "Form 06 results: emissions in a year by scope, source and gas", (
        _c("scope_label", "VARCHAR", "Scope, 'Vietnamese / English'",
           heading="export.col_scope"),
        _c("source_label", "VARCHAR", "Source category, 'Vietnamese / English'",
           heading="export.col_source_category"),
        _E["gas"],
        _with(_E["gas_t"], description="Mass of the gas in the year"),
        _with(_E["gwp"], description="GWP applied (null when the year mixed several)"),
        _with(_E["tco2e"], description="Emissions in the year"),
        _with(_E["provisional"], description="Any month of the row is provisional"),
        _E["factor_ids"],
    )),
    _f06("form06_factors", "Form 06 factor sheet: every factor the inventory used", tuple(
        _F[n] for n in ("factor_id", "kind", "fuel_or_item", "gas", "value", "unit",
                        "valid_from", "valid_to", "level", "source", "source_detail",
                        "verification")
    )),
)

TABLES: dict[str, Table] = {tbl.name: tbl for tbl in (*_WAREHOUSE, *_JCM, *_PROGRAMME, *_FRAMES)}


def table(name: str) -> Table:
    """A table or frame by name (KeyError when the registry has none)."""
    return TABLES[name]


def stored_tables() -> tuple[Table, ...]:
    """The warehouse tables, parents before children (the order to create them in)."""
    return tuple(tbl for tbl in TABLES.values() if tbl.stored)


def column_names(name: str, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Column names of a table or frame, in order, without ``exclude``."""
    skip = set(exclude)
    return tuple(n for n in TABLES[name].names if n not in skip)


def polars_schema(name: str, exclude: Iterable[str] = ()) -> dict[str, pl.DataType]:
    """``{column: polars dtype}`` of a table or frame, in order, without ``exclude``."""
    return TABLES[name].polars_schema(exclude)


# --------------------------------------------------------------------------------- SQL


def create_sql(name: str) -> str:
    """``CREATE TABLE`` for a stored table: columns, keys, checks and enforced foreign keys."""
    tbl = TABLES[name]
    if not tbl.stored:
        raise ValueError(f"{name} is a frame, not a warehouse table")
    lines = [f"    {c.ddl()}" for c in tbl.columns]
    if tbl.primary_key:
        lines.append(f"    PRIMARY KEY ({', '.join(tbl.primary_key)})")
    lines += [f"    UNIQUE ({', '.join(u)})" for u in tbl.unique]
    lines += [f"    CHECK ({check})" for check in tbl.checks]
    lines += [
        f"    FOREIGN KEY ({', '.join(r.columns)}) REFERENCES {r.table} ({', '.join(r.to)})"
        for r in tbl.foreign_keys()
    ]
    body = ",\n".join(lines)
    return f"CREATE TABLE {name} (\n{body}\n);"


def comment_sql(name: str) -> list[str]:
    """``COMMENT ON`` statements for a stored table and each of its columns.

    The unit, when there is one, is appended as ``[unit]`` so a reader of the catalogue
    (``duckdb_columns()``, a SQL client) sees it without the registry at hand.
    """
    tbl = TABLES[name]
    out = [f"COMMENT ON TABLE {name} IS {_sql_text(tbl.description)};"]
    out += [f"COMMENT ON COLUMN {name}.{c.name} IS {_sql_text(column_comment(c))};"
            for c in tbl.columns]
    return out


def column_comment(col: Column) -> str:
    """The text stored as a column's SQL comment: description, then ``[unit]``."""
    return f"{col.description} [{col.unit}]" if col.unit else col.description


def orphan_check_sql(name: str, source: str) -> list[str]:
    """Statements that stop a migration when rows of ``source`` (the old copy of ``name``)
    point at keys that do not exist, naming the relation, instead of DuckDB's bare
    constraint error."""
    tbl = TABLES[name]
    out = []
    for ref in tbl.foreign_keys():
        parent = source if ref.table == name else ref.table
        match = " AND ".join(f"p.{t} = c.{c}" for c, t in zip(ref.columns, ref.to, strict=True))
        present = " AND ".join(f"c.{c} IS NOT NULL" for c in ref.columns)
        label = f"{name}({', '.join(ref.columns)}) -> {ref.table}({', '.join(ref.to)})"
        first = " || ', ' || ".join(f"CAST(min(c.{c}) AS VARCHAR)" for c in ref.columns)
        # Every name below comes from this registry, never from input.
        out.append(
            f"SELECT error('upgrade refused: ' || count(*) || ' row(s) of {label} point at "  # noqa: S608
            f"nothing, e.g. ' || {first})\n"
            f"FROM {source} AS c\n"
            f"WHERE {present} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match})\n"
            f"HAVING count(*) > 0;"
        )
    return out


def rebuild_sql(name: str, *, old_suffix: str) -> list[str]:
    """Statements that rebuild a stored table as the registry declares it, keeping its rows.

    DuckDB cannot add a foreign key to an existing table, so the old table is renamed, the
    new one created under the real name, the rows copied by name, and the old one dropped.
    Views that read the table must be dropped before and re-created after (the caller's job).
    """
    old = f"_{old_suffix}_{name}"
    return [
        f"ALTER TABLE {name} RENAME TO {old};",
        create_sql(name),
        *orphan_check_sql(name, old),
        f"INSERT INTO {name} BY NAME SELECT * FROM {old};",  # noqa: S608 - registry names
        f"DROP TABLE {old};",
    ]
