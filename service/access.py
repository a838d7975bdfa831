"""Who acts and what they may see: the types every front end passes to the service layer.

A ``Scope`` limits every read (it becomes a parameterised predicate in the warehouse); an
``Actor`` (a signed-in ``User`` or the operator's ``Actor.system``) is named in every write and
its audit row. Front ends import them from here, never from the warehouse.
"""

from __future__ import annotations

from collections.abc import Collection

import duckdb

from parkghg.errors import AccessDeniedError
from warehouse.audit import Acting, Actor
from warehouse.scope import Scope
from warehouse.users import USER_ROLES, SignInThrottledError, User, UserError, require_active

__all__ = ["USER_ROLES", "AccessDeniedError", "Actor", "Scope", "SignInThrottledError", "User",
           "UserError", "require_role"]


def require_role(
    con: duckdb.DuckDBPyConnection, actor: Acting, roles: Collection[str], key: str
) -> None:
    """Refuse a write (``AccessDeniedError`` with catalogue ``key``) unless the actor's role is
    one of ``roles`` and, for a signed-in user, the account is still enabled and unchanged.

    Why in the service layer and not only in the menus: hiding a page protects nothing; the
    CLI, the dashboard and scripts all reach the write through here.
    """
    if actor.scope.role not in roles:
        raise AccessDeniedError(key)
    require_active(con, actor)
