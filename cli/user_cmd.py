"""``parkghg user …``: manage sign-in accounts from the server's command line.

Why a CLI at all: the very first admin account has to come from somewhere that is not the
web page it protects. The operator at the server acts as ``Actor.system()`` (full rights,
recorded in the audit log as ``cli:<os user>``). Passwords never appear on the command line
(shell history, ``ps``): they are prompted with hidden input or read from stdin.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
import duckdb
from rich.console import Console
from rich.table import Table

from cli.context import CliContext
from parkghg.errors import WarehouseMissingError
from parkghg.i18n import LANGS, Lang, fmt_date, t
from service.access import USER_ROLES, Actor, UserError
from service.accounts import create_user, disable_user, enable_user, unlock_sign_in
from service.accounts import list_users as _list_users
from service.accounts import set_password as _set_password
from service.db import applied_migrations, display_name, open_warehouse, warehouse_exists

_MIGRATION = "0003_users_review"
_GUARD_MIGRATION = "0009_sign_in_guard"


@contextmanager
def _warehouse(obj: CliContext) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write handle on an existing, upgraded warehouse (never creates an empty file)."""
    if not warehouse_exists(obj.db_path):
        raise WarehouseMissingError("common.warehouse_missing", path=display_name(obj.db_path))
    with open_warehouse(obj.db_path) as con:
        if _MIGRATION not in applied_migrations(con):
            raise UserError("auth.cli_needs_upgrade", path=display_name(obj.db_path))
        yield con


def _read_password(username: str, lang: Lang, from_stdin: bool) -> str:
    """From stdin (first line) or a hidden, confirmed prompt."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise click.ClickException(t("auth.cli_password_stdin_empty", lang))
        return line
    first = click.prompt(t("auth.cli_password_prompt", lang, username=username),
                         hide_input=True)
    second = click.prompt(t("auth.cli_password_confirm", lang), hide_input=True)
    if first != second:
        raise click.ClickException(t("auth.cli_password_mismatch", lang))
    return first


@click.group()
def user() -> None:
    """Manage sign-in accounts (Quản lý tài khoản đăng nhập)."""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(USER_ROLES), required=True,
              help="enterprise | park | province | admin")
@click.option("--enterprise", "enterprise_id", default=None,
              help="Enterprise id (tax code) for an enterprise account.")
@click.option("--park", "park_id", default=None, help="Park id for a park-board account.")
@click.option("--name", "display_name", default=None, help="Display name (default: username).")
@click.option("--email", default=None,
              help="E-mail, used to match a sign-in through the province's identity provider.")
@click.option("--language", type=click.Choice(LANGS), default="vi", show_default=True)
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin instead of prompting.")
@click.option("--no-password", is_flag=True,
              help="No password: the account signs in only through the identity provider.")
@click.pass_obj
def add(obj: CliContext, username: str, role: str, enterprise_id: str | None, park_id: str | None,
        display_name: str | None, email: str | None, language: Lang, password_stdin: bool,
        no_password: bool) -> None:
    """Create an account (the password is prompted with hidden input)."""
    # Asked before opening the warehouse: the write lock must not wait on a person typing.
    password = None if no_password else _read_password(username, obj.lang, password_stdin)
    with _warehouse(obj) as con:
        created = create_user(
            con, Actor.system(), username=username, role=role, password=password,
            display_name=display_name, enterprise_id=enterprise_id, park_id=park_id,
            language=language, email=email,
        )
    click.echo(t("auth.cli_user_added", obj.lang, username=created.username,
                 role=t(f"auth.role_{created.role}", obj.lang)))


@user.command("list")
@click.pass_obj
def list_(obj: CliContext) -> None:
    """List every account with its role, scope and status."""
    lang: Lang = obj.lang
    with _warehouse(obj) as con:
        users = _list_users(con, Actor.system().scope)
    if not users:
        click.echo(t("auth.cli_no_users", lang))
        return
    table = Table(title=t("auth.cli_users_title", lang, n=len(users)))
    for key in ("col_username", "col_display_name", "col_role", "col_scope", "col_status",
                "col_last_login"):
        table.add_column(t(f"auth.{key}", lang))
    for u in users:
        table.add_row(
            u.username,
            u.display_name,
            t(f"auth.role_{u.role}", lang),
            u.enterprise_id or u.park_id or t("auth.scope_all", lang),
            t("auth.status_disabled" if u.disabled else "auth.status_active", lang),
            fmt_date(u.last_login_at.date(), lang) if u.last_login_at else t("auth.never", lang),
        )
    Console(soft_wrap=True).print(table)


@user.command("disable")
@click.argument("username")
@click.pass_obj
def disable(obj: CliContext, username: str) -> None:
    """Stop an account from signing in (it is kept for the audit log)."""
    with _warehouse(obj) as con:
        changed = disable_user(con, Actor.system(), username)
    click.echo(t("auth.cli_user_disabled", obj.lang, username=changed.username))


@user.command("unlock")
@click.argument("username")
@click.pass_obj
def unlock(obj: CliContext, username: str) -> None:
    """Clear an account's sign-in waits after wrong passwords (from every client)."""
    with _warehouse(obj) as con:
        if _GUARD_MIGRATION not in applied_migrations(con):
            raise UserError("auth.cli_needs_upgrade", path=display_name(obj.db_path))
        cleared = unlock_sign_in(con, Actor.system(), username)
    click.echo(t("auth.sign_in_unlocked", obj.lang, username=username.strip().lower(),
                 n=cleared))


@user.command("enable")
@click.argument("username")
@click.pass_obj
def enable(obj: CliContext, username: str) -> None:
    """Allow a disabled account to sign in again."""
    with _warehouse(obj) as con:
        changed = enable_user(con, Actor.system(), username)
    click.echo(t("auth.cli_user_enabled", obj.lang, username=changed.username))


@user.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of stdin instead of prompting.")
@click.pass_obj
def password(obj: CliContext, username: str, password_stdin: bool) -> None:
    """Set a new password for an account."""
    new = _read_password(username, obj.lang, password_stdin)
    with _warehouse(obj) as con:
        _set_password(con, Actor.system(), username, new)
    click.echo(t("auth.cli_password_set", obj.lang, username=username.strip().lower()))
