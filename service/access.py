"""Who acts and what they may see: the types every front end passes to the service layer.

A ``Scope`` limits every read (it becomes a parameterised predicate in the warehouse); an
``Actor`` (a signed-in ``User`` or the operator's ``Actor.system``) is named in every write and
its audit row. Front ends import them from here, never from the warehouse.
"""

from __future__ import annotations

from parkghg.errors import AccessDeniedError
from warehouse.audit import Actor
from warehouse.scope import Scope
from warehouse.users import USER_ROLES, SignInThrottledError, User, UserError

__all__ = ["USER_ROLES", "AccessDeniedError", "Actor", "Scope", "SignInThrottledError", "User",
           "UserError"]
