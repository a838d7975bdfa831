"""People: sign-in, accounts, demo accounts.

The rules (password policy, throttling, admin-only changes, one audit row per change in the same
transaction) are enforced where the rows are written, in ``warehouse.users``; this module is the
front ends' only door to them.
"""

from __future__ import annotations

from warehouse.users import (
    MIN_PASSWORD_LENGTH,
    authenticate,
    create_demo_accounts,
    create_user,
    demo_accounts,
    disable_user,
    enable_user,
    get_user,
    list_users,
    set_language,
    set_password,
    user_for_identity,
)

__all__ = ["MIN_PASSWORD_LENGTH", "authenticate", "create_demo_accounts", "create_user",
           "demo_accounts", "disable_user", "enable_user", "get_user", "list_users",
           "set_language", "set_password", "user_for_identity"]
