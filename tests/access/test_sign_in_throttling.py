"""Repeated wrong passwords pause sign-in for the account; a success resets the count."""

from __future__ import annotations

import datetime as dt

import pytest

from parkghg.i18n import t
from tests.worlds import PASSWORD
from warehouse import users
from warehouse.users import MAX_FAILED_SIGN_INS, SignInThrottledError, authenticate


def test_too_many_wrong_passwords_pause_sign_in(con):
    for _ in range(MAX_FAILED_SIGN_INS):
        assert authenticate(con, "ent1", "wrong password") is None
    with pytest.raises(SignInThrottledError) as info:
        authenticate(con, "ent1", PASSWORD)  # even the right password waits
    # the message says how long the pause is, in both languages
    assert info.value.message("en") == t("auth.sign_in_throttled", "en", minutes=15)
    assert info.value.message("vi") == t("auth.sign_in_throttled", "vi", minutes=15)
    assert authenticate(con, "ent2", PASSWORD) is not None  # other accounts are unaffected


def test_the_pause_ends_after_the_window(con, monkeypatch):
    for _ in range(MAX_FAILED_SIGN_INS):
        authenticate(con, "ent1", "wrong password")
    later = users.utc_now() + dt.timedelta(minutes=users.SIGN_IN_WINDOW_MIN + 1)
    monkeypatch.setattr(users, "utc_now", lambda: later)
    assert authenticate(con, "ent1", PASSWORD) is not None


def test_a_successful_sign_in_resets_the_count(con):
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        authenticate(con, "ent1", "wrong password")
    assert authenticate(con, "ent1", PASSWORD) is not None
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        authenticate(con, "ent1", "wrong password")
    assert authenticate(con, "ent1", PASSWORD) is not None
