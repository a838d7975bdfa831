"""Who may read what: every warehouse read for a page or export takes a ``Scope``.

Why here and not in the pages: hiding a widget protects nothing. The scope is turned into a
parameterised SQL predicate inside ``warehouse/``, so an enterprise user's query can only ever
return its own rows, whatever page, chart or export asked for them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Role = Literal["enterprise", "park", "province", "admin", "system"]


class Scope(BaseModel):
    """The signed-in user's reach. ``system`` is the CLI operator on the server itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Role
    enterprise_id: str | None = None
    park_id: str | None = None

    @model_validator(mode="after")
    def _ids_match_role(self) -> Scope:
        if self.role == "enterprise" and not self.enterprise_id:
            raise ValueError("an enterprise scope needs enterprise_id")
        if self.role == "park" and not self.park_id:
            raise ValueError("a park scope needs park_id")
        if self.role not in ("enterprise",) and self.enterprise_id:
            raise ValueError("only an enterprise scope carries enterprise_id")
        if self.role not in ("park",) and self.park_id:
            raise ValueError("only a park scope carries park_id")
        return self

    @classmethod
    def system(cls) -> Scope:
        """Full access, for the command line on the server."""
        return cls(role="system")

    @property
    def sees_everything(self) -> bool:
        """Province reviewers, admins and the CLI operator read every enterprise."""
        return self.role in ("province", "admin", "system")


def scope_predicate(scope: Scope, enterprise_col: str = "enterprise_id") -> tuple[str, list]:
    """A SQL predicate and its parameters limiting rows to the scope.

    ``enterprise_col`` is a column reference chosen by our own code (never user input).
    """
    if scope.sees_everything:
        return "TRUE", []
    if scope.role == "enterprise":
        return f"{enterprise_col} = ?", [scope.enterprise_id]
    return (
        f"{enterprise_col} IN (SELECT enterprise_id FROM enterprises WHERE park_id = ?)",  # noqa: S608
        [scope.park_id],
    )


class Where:
    """A WHERE clause of fixed SQL fragments and bound values, starting from a scope.

    Why: every scoped read used to assemble ``clauses``/``params`` by hand. Starting from the
    scope predicate means an optional filter can only narrow what the scope allows, and a
    filter whose value is None (not asked for) adds nothing.
    """

    def __init__(self, predicate: tuple[str, list]) -> None:
        fragment, params = predicate
        self.clauses = [fragment]
        self.params = list(params)

    def require(self, fragment: str) -> Where:
        """Add ``fragment`` (no bound values) unconditionally, e.g. "is the current row"."""
        self.clauses.append(fragment)
        return self

    def narrow(self, fragment: str, *values: object) -> Where:
        """Add ``fragment`` (with one ``?`` per value) unless a value is None."""
        if values and all(v is not None for v in values):
            self.clauses.append(fragment)
            self.params.extend(values)
        return self

    @property
    def sql(self) -> str:
        """The clauses joined with AND, for ``WHERE {where.sql}``."""
        return " AND ".join(self.clauses)
