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
