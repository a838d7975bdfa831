"""Users, passwords and sign-in; a user's role becomes the ``Scope`` every read runs under.

Why in the warehouse: access control lives in the data layer, so the row that says "this
person is enterprise 3600123456's accountant" sits next to the data it protects, and
``scope_for(user)`` is the only way a page gets a ``Scope``.

API (for ``dashboard/`` and the CLI):

* ``User`` — strict, frozen pydantic model of a ``users`` row *without* the password hash,
  so a page can keep it in ``st.session_state`` without holding secrets. ``user.scope`` is
  ``scope_for(user)``; a ``User`` can be passed wherever an actor is asked for.
* ``authenticate(con, username, password) -> User | None`` — ``None`` for unknown user,
  wrong password, disabled account or an account without a password (IdP-only). Needs a
  read-write ``con`` to record ``last_login_at``, rehash and audit; on a read-only ``con``
  it still answers but records nothing.
* ``get_user(con, username) -> User | None`` — re-read on every page run so a disabled or
  re-scoped account loses access at once (``None`` if missing or disabled, unless
  ``include_disabled=True``).
* ``user_for_identity(con, *, issuer, subject, email, email_verified=None)`` -> ``User |
  None`` — map a Streamlit OIDC sign-in (``st.user``) to a parkghg user (``docs/auth.md``).
* ``create_user``, ``set_password``, ``disable_user``, ``enable_user``, ``set_language`` —
  admin actions (``admin`` role or the CLI's system actor; a user may change their own
  password and language). Each writes ``audit_log`` in the same transaction.
* ``list_users(con, scope) -> list[User]`` — admin/province/system: all; park: its park's
  users and its enterprises' users; enterprise: its own enterprise's users.
* ``create_demo_accounts(con, actor=None) -> list[DemoAccount]`` and
  ``demo_accounts(con) -> list[DemoAccount]`` — one account per role on the sample data;
  show them on the sign-in page only when ``parkghg.settings.demo_enabled()``.

Errors: ``UserError`` (bad input: duplicate username, weak password, unknown enterprise…) and
``AccessDeniedError``; both carry ``auth.*`` translation keys (``exc.message(lang)``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict

from parkghg.errors import AccessDeniedError, ParkGHGError
from parkghg.i18n import Lang
from parkghg.log import get_logger
from warehouse import sign_in_guard
from warehouse.audit import Acting, Actor, write_audit
from warehouse.db import fetch_one, transaction, utc_now
from warehouse.marks import is_demo
from warehouse.scope import Scope

log = get_logger(__name__)

UserRole = Literal["enterprise", "park", "province", "admin"]
USER_ROLES: tuple[UserRole, ...] = ("enterprise", "park", "province", "admin")

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")


# Module-level so tests (and a future settings page) can swap parameters; hashes made with
# other parameters are upgraded on the next successful sign-in.
PASSWORD_HASHER = PasswordHasher()

_USER_COLUMNS = (
    "username, display_name, role, enterprise_id, park_id, language, email, disabled,"
    " created_at, created_by, last_login_at"
)


class UserError(ParkGHGError):
    """A user-management request that cannot be done as asked (message key ``auth.*``)."""


class SignInThrottledError(UserError):
    """Too many wrong sign-ins lately (this name, this client, or both): wait and try again.

    Raised the same way for names that do not exist (``warehouse.sign_in_guard``).
    """


#: Wrong sign-ins before an account (from any client) has to wait at all; the wait then grows
#: but never passes ``sign_in_guard.ACCOUNT.cap_s``, so nobody can lock an owner out.
MAX_FAILED_SIGN_INS = sign_in_guard.ACCOUNT.free
#: A small list of the most used passwords (and their patterns), refused at every password
#: change. Why bundled, not a service: the server may have no internet, and the list is short.
_COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


class User(BaseModel):
    """A person who may sign in. Deliberately carries no password hash."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    username: str
    display_name: str
    role: UserRole
    enterprise_id: str | None = None
    park_id: str | None = None
    language: Lang = "vi"
    email: str | None = None
    disabled: bool = False
    created_at: dt.datetime
    created_by: str
    last_login_at: dt.datetime | None = None

    @property
    def scope(self) -> Scope:
        """What this user may read (same as ``scope_for(self)``)."""
        return scope_for(self)


class DemoAccount(BaseModel):
    """A demo sign-in shown on the sign-in page in demo mode only."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str
    password: str
    role: UserRole
    display_name: str
    enterprise_id: str | None = None
    park_id: str | None = None


# Documented in docs/auth.md. Well-known on purpose: never enable demo mode on real data.
DEMO_PASSWORDS: dict[UserRole, tuple[str, str]] = {
    "enterprise": ("demo.enterprise", "demo-enterprise-2024"),
    "park": ("demo.park", "demo-park-board-2024"),
    "province": ("demo.province", "demo-province-2024"),
    "admin": ("demo.admin", "demo-admin-2024"),
}


_DEMO_NAMES = frozenset(name for name, _ in DEMO_PASSWORDS.values())


def scope_for(user: User) -> Scope:
    """The ``Scope`` for a signed-in user; the only bridge from a person to what they read."""
    if user.role == "enterprise":
        return Scope(role="enterprise", enterprise_id=user.enterprise_id)
    if user.role == "park":
        return Scope(role="park", park_id=user.park_id)
    return Scope(role=user.role)


def normalise_username(username: str) -> str:
    """Sign-in names are case-insensitive: stored and compared lower-case, trimmed."""
    return username.strip().lower()


# --------------------------------------------------------------------------- checks


def _require_admin(con: duckdb.DuckDBPyConnection, actor: Acting) -> None:
    """Only admins (and the server's CLI operator) manage accounts."""
    require_active(con, actor)
    if actor.scope.role not in ("admin", "system"):
        raise AccessDeniedError("auth.admin_only")


def require_active(con: duckdb.DuckDBPyConnection, actor: Acting) -> None:
    """A write by a signed-in user counts only if the account is still enabled and unchanged.

    Why: a page may hold a ``User`` from before an admin disabled or re-scoped the account.
    """
    if actor.scope.role == "system":
        return
    row = fetch_one(con,
        "SELECT role, enterprise_id, park_id, disabled FROM users WHERE username = ?",
        [actor.username],
    )
    if row is None or row[3]:
        raise AccessDeniedError("auth.account_inactive")
    role, enterprise_id, park_id, _ = row
    if (role, enterprise_id, park_id) != (
        actor.scope.role, actor.scope.enterprise_id, actor.scope.park_id,
    ):
        raise AccessDeniedError("auth.account_inactive")


def check_password_rule(password: str, username: str | None = None) -> None:
    """Raise ``UserError`` unless the password follows the rule (length 10+, not the name)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("auth.password_too_short", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError("auth.password_too_long", max=MAX_PASSWORD_LENGTH)
    if username and password.strip().lower() == normalise_username(username):
        raise UserError("auth.password_is_username")
    if password.strip().lower() in _common_passwords():
        raise UserError("auth.password_common")
    if _trivial(password):
        raise UserError("auth.password_trivial")


@functools.cache
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_RUNS = ("0123456789012345678901234567890", "9876543210987654321098765432109",
         "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba",
         "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn")


def _trivial(password: str) -> bool:
    """Guessed in seconds: fewer than four different characters (``aaaaaaaaaa``,
    ``abababab12``), or one run of the keyboard or the alphabet (``1234567890``)."""
    text = password.strip().lower()
    if len(set(text)) < 4:
        return True
    return any(text in run for run in _RUNS)


def _row_to_user(row: tuple) -> User:
    keys = [k.strip() for k in _USER_COLUMNS.split(",")]
    return User(**dict(zip(keys, row, strict=True)))


def _fetch_user(con: duckdb.DuckDBPyConnection, username: str) -> User | None:
    row = fetch_one(con,
        f"SELECT {_USER_COLUMNS} FROM users WHERE username = ?",  # noqa: S608 - fixed columns
        [normalise_username(username)],
    )
    return _row_to_user(row) if row else None


def _enterprise_park(con: duckdb.DuckDBPyConnection, enterprise_id: str) -> str | None:
    row = fetch_one(con,
        "SELECT park_id FROM enterprises WHERE enterprise_id = ?", [enterprise_id]
    )
    return row[0] if row else None


# --------------------------------------------------------------------------- reads


def get_user(
    con: duckdb.DuckDBPyConnection, username: str, *, include_disabled: bool = False
) -> User | None:
    """The user, or ``None`` when unknown (or disabled, unless ``include_disabled``)."""
    user = _fetch_user(con, username)
    if user is None or (user.disabled and not include_disabled):
        return None
    return user


def list_users(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, include_disabled: bool = True
) -> list[User]:
    """Accounts the scope may see, ordered by role then name (never password hashes)."""
    clauses: list[str] = []
    params: list = []
    if scope.role == "enterprise":
        clauses.append("enterprise_id = ?")
        params.append(scope.enterprise_id)
    elif scope.role == "park":
        clauses.append(
            "(park_id = ? OR enterprise_id IN"
            " (SELECT enterprise_id FROM enterprises WHERE park_id = ?))"
        )
        params.extend([scope.park_id, scope.park_id])
    if not include_disabled:
        clauses.append("NOT disabled")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = con.execute(
        f"SELECT {_USER_COLUMNS} FROM users {where} ORDER BY role, username",  # noqa: S608
        params,
    ).fetchall()
    return [_row_to_user(r) for r in rows]


# --------------------------------------------------------------------------- sign-in

_DUMMY_HASH: str | None = None


def _dummy_verify(password: str) -> None:
    """Spend the time of one real verification, so unknown names are not revealed by speed."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = PASSWORD_HASHER.hash("parkghg-timing-equaliser")
    with contextlib.suppress(VerificationError):
        PASSWORD_HASHER.verify(_DUMMY_HASH, password)


def _try_write(con: duckdb.DuckDBPyConnection, fn: Callable[[], object]) -> None:
    """Best-effort bookkeeping; on a read-only connection sign-in still works."""
    try:
        with transaction(con):
            fn()
    except duckdb.Error as exc:
        log.debug("sign-in bookkeeping skipped: %s", exc)


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str, *,
                 client: str | None = None) -> User | None:
    """The user if the password is right and the account enabled, else ``None``.

    Why one ``None`` for every failure: the sign-in page must not tell an attacker which
    names exist. Unknown names still spend one argon2 verification (constant-ish time) and
    count against the throttle exactly like real ones. ``client`` (the caller's address, when
    known) adds the per-client and per-account-on-client waits of ``warehouse.sign_in_guard``;
    while a wait is pending, ``SignInThrottledError`` says how many seconds are left, for any
    name, before anything is looked up. Demo accounts sign in only in a warehouse built as a
    demo (``warehouse.marks``).
    """
    name = normalise_username(username or "")
    wait = sign_in_guard.wait_seconds(con, name, client)
    if wait > 0:
        raise SignInThrottledError("auth.sign_in_wait", seconds=wait)
    row = fetch_one(con,
        "SELECT password_hash, disabled FROM users WHERE username = ?", [name]
    )
    demo_elsewhere = name in _DEMO_NAMES and not is_demo(con)
    if (row is None or row[0] is None or len(password or "") > MAX_PASSWORD_LENGTH
            or demo_elsewhere):
        _dummy_verify(password or "")
        _try_write(con, lambda: sign_in_guard.record_failure(con, name, client))
        return None
    stored_hash, disabled = row
    try:
        PASSWORD_HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user = _fetch_user(con, name)

        def _failed() -> None:
            sign_in_guard.record_failure(con, name, client)
            if user is not None:
                write_audit(con, user, "sign_in_failed", object_type="user", object_id=name,
                            enterprise_id=user.enterprise_id, park_id=user.park_id,
                            details={"client": client} if client else None)
        _try_write(con, _failed)
        return None
    if disabled:
        return None
    user = _fetch_user(con, name)
    if user is None:  # pragma: no cover - deleted between two statements
        return None

    def _bookkeeping() -> None:
        now = utc_now()
        if PASSWORD_HASHER.check_needs_rehash(stored_hash):
            con.execute(
                "UPDATE users SET password_hash = ? WHERE username = ?",
                [PASSWORD_HASHER.hash(password), name],
            )
        con.execute("UPDATE users SET last_login_at = ? WHERE username = ?", [now, name])
        sign_in_guard.record_success(con, name, client)
        write_audit(con, user, "sign_in", object_type="user", object_id=name,
                    enterprise_id=user.enterprise_id, park_id=user.park_id)

    _try_write(con, _bookkeeping)
    return _fetch_user(con, name) or user


def unlock_sign_in(con: duckdb.DuckDBPyConnection, actor: Acting, username: str) -> int:
    """Clear every sign-in wait of an account (admins only, audited); keys cleared.

    For an owner who cannot wait (the account wait is capped at a minute, but the same
    client's wait can reach 15 minutes after many wrong tries).
    """
    _require_admin(con, actor)
    user = _existing(con, username)
    with transaction(con):
        cleared = sign_in_guard.unlock(con, user.username)
        _audit_user_change(con, actor, "sign_in_unlocked", user)
    return cleared


def sign_in_waiting(con: duckdb.DuckDBPyConnection, username: str) -> bool:
    """Whether an account has a sign-in wait pending (shown on the admin page)."""
    return sign_in_guard.is_throttled_account(con, normalise_username(username))


def user_for_identity(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None,
    subject: str | None,
    email: str | None,
    email_verified: bool | None = None,
) -> User | None:
    """The enabled parkghg user for an identity-provider sign-in, or ``None``.

    Matching: first by the bound ``issuer|sub``; else by e-mail (case-insensitive, refused
    when the IdP says ``email_verified`` is false), and then the IdP account is bound to the
    row so a later e-mail change at the IdP cannot move it to another person's account.
    Needs a read-write ``con`` for the first binding.
    """
    bound = f"{issuer or ''}|{subject}" if subject else None
    if bound:
        row = fetch_one(con,
            "SELECT username FROM users WHERE oidc_subject = ?", [bound]
        )
        if row:
            return get_user(con, row[0])
    if not email or email_verified is False:
        return None
    rows = con.execute(
        "SELECT username, oidc_subject FROM users WHERE lower(email) = lower(?)", [email.strip()]
    ).fetchall()
    if len(rows) != 1:
        return None  # unknown, or ambiguous: an admin must fix the e-mail addresses
    username, existing = rows[0]
    if existing and existing != bound:
        return None  # row already bound to another IdP account
    user = get_user(con, username)
    if user is not None and bound and not existing:
        def _bind() -> None:
            con.execute(
                "UPDATE users SET oidc_subject = ? WHERE username = ?", [bound, username]
            )
            write_audit(con, user, "user_identity_bound", object_type="user",
                        object_id=username, enterprise_id=user.enterprise_id,
                        park_id=user.park_id, details={"issuer": issuer})
        _try_write(con, _bind)
    return user


# --------------------------------------------------------------------------- changes


def create_user(
    con: duckdb.DuckDBPyConnection,
    actor: Acting,
    *,
    username: str,
    role: UserRole,
    password: str | None,
    display_name: str | None = None,
    enterprise_id: str | None = None,
    park_id: str | None = None,
    language: Lang = "vi",
    email: str | None = None,
) -> User:
    """Create an account; ``password=None`` makes an identity-provider-only account.

    Checks the name, the password rule, that an enterprise/park id exists in the registry and
    that the id matches the role, then writes the user and its audit row in one transaction.
    """
    _require_admin(con, actor)
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise UserError("auth.username_invalid", username=username)
    if role not in USER_ROLES:
        raise UserError("auth.role_invalid", role=role)
    if role == "enterprise":
        if not enterprise_id or park_id:
            raise UserError("auth.enterprise_id_required")
        if _enterprise_park(con, enterprise_id) is None:
            raise UserError("auth.unknown_enterprise", enterprise_id=enterprise_id)
    elif role == "park":
        if not park_id or enterprise_id:
            raise UserError("auth.park_id_required")
        if fetch_one(con, "SELECT 1 FROM parks WHERE park_id = ?", [park_id]) is None:
            raise UserError("auth.unknown_park", park_id=park_id)
    elif enterprise_id or park_id:
        raise UserError("auth.no_ids_for_role", role=role)
    if password is not None:
        check_password_rule(password, name)
    password_hash = PASSWORD_HASHER.hash(password) if password is not None else None
    with transaction(con):
        if fetch_one(con, "SELECT 1 FROM users WHERE username = ?", [name]):
            raise UserError("auth.duplicate_username", username=name)
        con.execute(
            "INSERT INTO users (username, display_name, password_hash, role, enterprise_id,"
            " park_id, language, email, disabled, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?)",
            [name, (display_name or name).strip(), password_hash, role, enterprise_id, park_id,
             language, email.strip() if email else None, utc_now(), actor.username],
        )
        audit_park = park_id or (_enterprise_park(con, enterprise_id) if enterprise_id else None)
        write_audit(con, actor, "user_created", object_type="user", object_id=name,
                    enterprise_id=enterprise_id, park_id=audit_park,
                    details={"role": role, "identity_provider_only": password is None})
    user = _fetch_user(con, name)
    assert user is not None
    log.info("user %s (%s) created by %s", name, role, actor.username)
    return user


def _existing(con: duckdb.DuckDBPyConnection, username: str) -> User:
    user = _fetch_user(con, username)
    if user is None:
        raise UserError("auth.unknown_user", username=normalise_username(username))
    return user


def _audit_user_change(
    con: duckdb.DuckDBPyConnection, actor: Acting, action: str, user: User
) -> None:
    park = user.park_id or (
        _enterprise_park(con, user.enterprise_id) if user.enterprise_id else None
    )
    write_audit(con, actor, action, object_type="user", object_id=user.username,
                enterprise_id=user.enterprise_id, park_id=park)


def _set_disabled(
    con: duckdb.DuckDBPyConnection, actor: Acting, username: str, disabled: bool
) -> User:
    _require_admin(con, actor)
    user = _existing(con, username)
    if actor.username == user.username and disabled:
        raise UserError("auth.cannot_disable_self")
    with transaction(con):
        con.execute("UPDATE users SET disabled = ? WHERE username = ?", [disabled, user.username])
        _audit_user_change(con, actor, "user_disabled" if disabled else "user_enabled", user)
    return _existing(con, user.username)


def disable_user(con: duckdb.DuckDBPyConnection, actor: Acting, username: str) -> User:
    """Stop an account from signing in (rows are never deleted, the audit log refers to them)."""
    return _set_disabled(con, actor, username, True)


def enable_user(con: duckdb.DuckDBPyConnection, actor: Acting, username: str) -> User:
    """Allow a disabled account to sign in again."""
    return _set_disabled(con, actor, username, False)


def set_password(
    con: duckdb.DuckDBPyConnection, actor: Acting, username: str, new_password: str
) -> None:
    """Set a password: admins for anyone, every user for their own account."""
    user = _existing(con, username)
    if actor.username != user.username:
        _require_admin(con, actor)
    else:
        require_active(con, actor)
    check_password_rule(new_password, user.username)
    new_hash = PASSWORD_HASHER.hash(new_password)
    with transaction(con):
        con.execute(
            "UPDATE users SET password_hash = ? WHERE username = ?", [new_hash, user.username]
        )
        _audit_user_change(con, actor, "user_password_set", user)


def set_language(
    con: duckdb.DuckDBPyConnection, actor: Acting, username: str, language: Lang
) -> User:
    """Remember a user's language (own account, or an admin for anyone).

    Audited like every other account change (``user_language_set``); setting the language the
    account already has writes nothing.
    """
    user = _existing(con, username)
    if actor.username != user.username:
        _require_admin(con, actor)
    else:
        require_active(con, actor)
    if language not in ("vi", "en"):
        raise UserError("auth.language_invalid", language=language)
    if language == user.language:
        return user
    with transaction(con):
        con.execute("UPDATE users SET language = ? WHERE username = ?", [language, user.username])
        _audit_user_change(con, actor, "user_language_set", user)
    return _existing(con, user.username)


# --------------------------------------------------------------------------- demo


def _demo_targets(con: duckdb.DuckDBPyConnection) -> tuple[str, str] | None:
    """(enterprise_id, park_id) of the sample enterprise with the most current data.

    Why at call time: the sample registry is generated, so ids are read from the warehouse.
    """
    row = fetch_one(con,
        """
        SELECT e.enterprise_id, e.park_id
        FROM enterprises AS e
        LEFT JOIN period_current AS p ON p.enterprise_id = e.enterprise_id
        GROUP BY e.enterprise_id, e.park_id
        ORDER BY count(p.period) DESC, e.park_id, e.enterprise_id
        LIMIT 1
        """
    )
    return (row[0], row[1]) if row else None


def demo_accounts(con: duckdb.DuckDBPyConnection) -> list[DemoAccount]:
    """The demo accounts that exist and are enabled, with their documented passwords
    (none outside a warehouse built as a demo: they could not sign in there)."""
    accounts: list[DemoAccount] = []
    if not is_demo(con):
        return accounts
    for role, (username, password) in DEMO_PASSWORDS.items():
        user = get_user(con, username)
        if user is None:
            continue
        accounts.append(DemoAccount(
            username=username, password=password, role=role, display_name=user.display_name,
            enterprise_id=user.enterprise_id, park_id=user.park_id,
        ))
    return accounts


def create_demo_accounts(
    con: duckdb.DuckDBPyConnection, actor: Acting | None = None
) -> list[DemoAccount]:
    """One account per role on the sample data; idempotent (existing ones are kept).

    Only in a warehouse built as a demo (``warehouse.marks.mark_demo``): the passwords are
    published, so on real data they would be open doors (issue 10 item 7). Needs at least one
    enterprise in the registry. Returns ``demo_accounts(con)``.
    """
    actor = actor or Actor.system("sample-data")
    _require_admin(con, actor)
    if not is_demo(con):
        raise UserError("auth.demo_not_demo_warehouse")
    targets = _demo_targets(con)
    if targets is None:
        raise UserError("auth.demo_needs_registry")
    enterprise_id, park_id = targets
    ids: dict[UserRole, dict[str, str]] = {
        "enterprise": {"enterprise_id": enterprise_id},
        "park": {"park_id": park_id},
        "province": {},
        "admin": {},
    }
    names: dict[UserRole, str] = {
        "enterprise": f"Demo {enterprise_id}",
        "park": f"Demo {park_id}",
        "province": "Demo Sở NN&MT",
        "admin": "Demo admin",
    }
    for role, (username, password) in DEMO_PASSWORDS.items():
        if _fetch_user(con, username) is not None:
            continue
        create_user(con, actor, username=username, role=role, password=password,
                    display_name=names[role], **ids[role])
    return demo_accounts(con)
