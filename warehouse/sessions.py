"""Dashboard sessions that survive a page reload: issue, check and revoke a signed-in token.

Why a table of token hashes and not a signed cookie alone: a sign-out must end the session
everywhere at once (a stolen or shared token dies with it), which a stateless token cannot do.
The browser keeps a random 256-bit token; the warehouse keeps only its SHA-256, the user,
the expiry and the sign-out time. No password and no role is ever in the token: the user row
is re-read on every run, so a disabled account loses access on the next click.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import duckdb

from warehouse.db import fetch_one, transaction, utc_now

SESSION_HOURS = 12  # one working day; after that the reviewer signs in again
_TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(con: duckdb.DuckDBPyConnection, username: str, *,
                  hours: int = SESSION_HOURS, now: dt.datetime | None = None) -> str:
    """A new session token for ``username`` (already authenticated by the caller)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    start = now or utc_now()
    with transaction(con):
        con.execute(
            "INSERT INTO web_sessions (token_sha256, username, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            [_digest(token), username, start, start + dt.timedelta(hours=hours)],
        )
    return token


def session_username(con: duckdb.DuckDBPyConnection, token: str | None, *,
                     now: dt.datetime | None = None) -> str | None:
    """The username of a valid (not expired, not revoked) session, else None."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    row = fetch_one(
        con,
        "SELECT username FROM web_sessions WHERE token_sha256 = ? AND revoked_at IS NULL"
        " AND expires_at > ?",
        [_digest(token), now or utc_now()],
    )
    return row[0] if row else None


def revoke_session(con: duckdb.DuckDBPyConnection, token: str | None) -> bool:
    """End a session (sign-out); False when it was unknown or already ended."""
    if not token:
        return False
    with transaction(con):
        gone = con.execute(
            "UPDATE web_sessions SET revoked_at = ? WHERE token_sha256 = ?"
            " AND revoked_at IS NULL RETURNING username",
            [utc_now(), _digest(token)],
        ).fetchall()
    return bool(gone)
