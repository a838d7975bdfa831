"""Sign-in throttling: a wait that grows with wrong passwords, so guessing is slow and nobody
can lock an owner out of their own account (issue 10 item 8).

Why three keys and not one lockout: a fixed "5 wrong passwords → 15 minutes" per account let
anyone who knew a username lock its owner out, answered instantly only for real names, and put
no limit on one client trying many accounts. Here every wrong sign-in counts against

* ``pair:<client>|<name>`` — the account *from that client*: grows fast, up to 15 minutes, so
  one client guessing one password is slowed to a crawl;
* ``client:<client>`` — everything from one client: grows after 10 failures, up to 15 minutes,
  so spraying one password over many accounts is slowed too;
* ``account:<name>`` — the account from anywhere: grows slowly and stops at one minute, so a
  distributed guesser is slowed while the owner, from their own client, waits at most a minute.

Names that do not exist are counted exactly like real ones, before the user is looked up, so
the reply (and its timing) never says whether a name exists. A success clears the account and
pair keys; an admin can clear an account's keys (``unlock``). Failures older than a day are
forgotten. The state lives in the warehouse (``sign_in_throttle``), so it survives restarts and
is shared by every server process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from warehouse.db import utc_now

BASE_DELAY_S = 2
FORGET_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Rule:
    """How one kind of key slows down: free failures, then doubling from ``BASE_DELAY_S``."""

    free: int
    cap_s: int


ACCOUNT = Rule(free=5, cap_s=60)
PAIR = Rule(free=3, cap_s=15 * 60)
CLIENT = Rule(free=10, cap_s=15 * 60)


def delay_s(failures: int, rule: Rule) -> int:
    """The wait after ``failures`` wrong sign-ins under ``rule`` (0 while still free)."""
    if failures < rule.free:
        return 0
    return min(rule.cap_s, BASE_DELAY_S * 2 ** min(failures - rule.free, 20))


def _keys(name: str, client: str | None) -> list[tuple[str, Rule]]:
    keys = [(f"account:{name}", ACCOUNT)]
    if client:
        keys += [(f"pair:{client}|{name}", PAIR), (f"client:{client}", CLIENT)]
    return keys


def wait_seconds(con: duckdb.DuckDBPyConnection, name: str, client: str | None,
                 now: dt.datetime | None = None) -> int:
    """How long ``name`` from ``client`` must still wait before a password is checked (0: go)."""
    now = now or utc_now()
    keys = _keys(name, client)
    try:
        rows = con.execute(
            "SELECT throttle_key, failures, last_failure_at FROM sign_in_throttle"
            " WHERE throttle_key IN (SELECT unnest(?))", [[k for k, _ in keys]]).fetchall()
    except duckdb.CatalogException:  # a warehouse not yet upgraded to 0009: nothing counted
        return 0
    rules = dict(keys)
    wait = 0.0
    for key, failures, last in rows:
        if now - last > FORGET_AFTER:
            continue
        remaining = delay_s(failures, rules[key]) - (now - last).total_seconds()
        wait = max(wait, remaining)
    return int(wait + 0.999) if wait > 0 else 0


def record_failure(con: duckdb.DuckDBPyConnection, name: str, client: str | None,
                   now: dt.datetime | None = None) -> None:
    """Count one wrong sign-in against every key of ``name`` and ``client``."""
    now = now or utc_now()
    for key, _ in _keys(name, client):
        con.execute(
            """
            INSERT INTO sign_in_throttle (throttle_key, failures, last_failure_at)
            VALUES (?, 1, ?)
            ON CONFLICT (throttle_key) DO UPDATE SET
                failures = CASE WHEN ? - sign_in_throttle.last_failure_at > ?
                                THEN 1 ELSE sign_in_throttle.failures + 1 END,
                last_failure_at = excluded.last_failure_at
            """, [key, now, now, FORGET_AFTER])


def record_success(con: duckdb.DuckDBPyConnection, name: str, client: str | None) -> None:
    """A right password clears the account's keys (the client's own count stays)."""
    keys = [k for k, rule in _keys(name, client) if rule is not CLIENT]
    con.execute("DELETE FROM sign_in_throttle WHERE throttle_key IN (SELECT unnest(?))", [keys])


def unlock(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Clear every key of account ``name`` (any client); the number of keys cleared."""
    found = con.execute(
        "SELECT count(*) FROM sign_in_throttle WHERE throttle_key = ?"
        " OR (starts_with(throttle_key, 'pair:') AND ends_with(throttle_key, ?))",
        [f"account:{name}", f"|{name}"]).fetchall()[0][0]
    con.execute(
        "DELETE FROM sign_in_throttle WHERE throttle_key = ?"
        " OR (starts_with(throttle_key, 'pair:') AND ends_with(throttle_key, ?))",
        [f"account:{name}", f"|{name}"])
    return int(found)


def is_throttled_account(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether ``name`` has any wait pending from any client (for the admin page)."""
    now = utc_now()
    try:
        rows = con.execute(
            "SELECT throttle_key, failures, last_failure_at FROM sign_in_throttle"
            " WHERE throttle_key = ? OR (starts_with(throttle_key, 'pair:')"
            " AND ends_with(throttle_key, ?))", [f"account:{name}", f"|{name}"]).fetchall()
    except duckdb.CatalogException:
        return False
    for key, failures, last in rows:
        rule = ACCOUNT if key.startswith("account:") else PAIR
        if now - last <= FORGET_AFTER and delay_s(failures, rule) > (now - last).total_seconds():
            return True
    return False
