"""People: sign-in, accounts, demo accounts.

The rules (password policy, throttling, admin-only changes, one audit row per change in the same
transaction) are enforced where the rows are written, in ``warehouse.users``; this module is the
front ends' only door to them.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.db import open_warehouse
from warehouse.marks import is_demo, mark_demo
from warehouse.users import (
    MIN_PASSWORD_LENGTH,
    UserError,
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
    sign_in_waiting,
    unlock_sign_in,
    user_for_identity,
)


def is_demo_warehouse(db_path: Path) -> bool:
    """Whether the warehouse file was built as a demo (read-only look)."""
    with open_warehouse(db_path, read_only=True) as con:
        return is_demo(con)


def mark_demo_warehouse(db_path: Path, set_by: str) -> None:
    """Mark a warehouse the demo command has just built as a demo."""
    with open_warehouse(db_path) as con:
        mark_demo(con, set_by)

__all__ = ["MIN_PASSWORD_LENGTH", "UserError", "authenticate", "create_demo_accounts",
           "create_user",
           "demo_accounts", "disable_user", "enable_user", "get_user", "is_demo_warehouse",
           "list_users", "mark_demo_warehouse", "set_language", "set_password",
           "sign_in_waiting", "unlock_sign_in", "user_for_identity"]
