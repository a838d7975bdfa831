"""Scoped reads and the review workflow, asserted directly on the data layer."""

from __future__ import annotations

import duckdb
import pytest

from parkghg.errors import AccessDeniedError
from tests.worlds import E1, E2, E3, FEB, JAN, PA, PB, SYSTEM
from tests.worlds import access_scope as scope_of
from warehouse import review
from warehouse.activity import read_current_activity
from warehouse.audit import read_audit_log
from warehouse.scope import Scope

# ----------------------------------------------------------------- activity reads


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
@pytest.mark.parametrize("filters", [
    {"enterprise_id": E2}, {"enterprise_id": E3}, {"park_id": PB},
    {"park_id": PA, "enterprise_id": E3},
])
def test_enterprise_never_reads_another_enterprise(con, filters: dict) -> None:
    rows = read_current_activity(con, scope_of("ent1"), **filters)
    assert rows.height == 0


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_enterprise_reads_only_itself(con: duckdb.DuckDBPyConnection) -> None:
    rows = read_current_activity(con, scope_of("ent1"))
    assert set(rows["enterprise_id"]) == {E1} and rows.height == 2
    assert set(read_current_activity(con, scope_of("ent1"), park_id=PA)["enterprise_id"]) == {E1}


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_park_sees_only_its_park(con: duckdb.DuckDBPyConnection) -> None:
    assert set(read_current_activity(con, scope_of("park_a"))["enterprise_id"]) == {E1, E2}
    assert set(read_current_activity(con, scope_of("park_b"))["enterprise_id"]) == {E3}
    assert read_current_activity(con, scope_of("park_a"), enterprise_id=E3).height == 0
    assert read_current_activity(con, scope_of("park_a"), park_id=PB).height == 0
    assert set(read_current_activity(con, scope_of("prov"))["enterprise_id"]) == {E1, E2, E3}


# ----------------------------------------------------------------- review listing


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_review_queue_is_scoped(con: duckdb.DuckDBPyConnection, label) -> None:
    def ids(who: str, **kw) -> set[str]:
        return {label[s] for s in review.review_queue(con, scope_of(who), **kw)["submission_id"]}

    # S1 still supplies February, so it is pending too; rejected uploads never are
    assert ids("prov") == {"S1", "S1B", "S2", "S3"}
    assert ids("admin") == ids("prov")
    assert ids("park_a") == {"S1", "S1B", "S2"}
    assert ids("park_b") == {"S3"}
    assert ids("ent1", states=None) == {"S1", "S1B"}
    assert ids("ent1", states=None, enterprise_id=E3) == set()
    assert ids("park_a", park_id=PB) == set()


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_upload_history_is_scoped(con: duckdb.DuckDBPyConnection, label) -> None:
    def ids(who: str, **kw) -> set[str]:
        return {label[s] for s in review.upload_history(con, scope_of(who), **kw)["submission_id"]}

    assert ids("ent1") == {"S1", "S1B", "SXE1"}  # its own rejected upload without an id too
    assert ids("ent3") == {"S3", "SXE3"}
    assert ids("ent1", enterprise_id=E3) == set()
    assert ids("park_a") == {"S1", "S1B", "S2", "SXE1"}
    assert ids("park_b", park_id=PA) == set()
    assert ids("prov") == {"S1", "S1B", "S2", "S3", "SXE1", "SXE3"}


@pytest.mark.read_only  # reads only: one shared copy per worker on PostgreSQL
def test_period_history_and_restorable_are_scoped(con: duckdb.DuckDBPyConnection, label) -> None:
    assert set(review.period_history(con, scope_of("ent1"))["enterprise_id"]) == {E1}
    assert review.period_history(con, scope_of("ent1"), enterprise_id=E2).height == 0
    assert review.restorable_submissions(con, scope_of("ent1"), E2, JAN).height == 0
    both = review.restorable_submissions(con, scope_of("ent1"), E1, JAN)
    assert {label[s] for s in both["submission_id"]} == {"S1", "S1B"}
    assert [label[s] for s in both.filter(both["is_current"])["submission_id"]] == ["S1B"]


# ----------------------------------------------------------------- decisions


@pytest.mark.parametrize("who", ["ent1", "ent2", "ent3"])
def test_enterprise_cannot_review_or_lock(con, actor, who: str, sid) -> None:
    user = actor(who)
    own = sid[{"ent1": "S1", "ent2": "S2", "ent3": "S3"}[who]]
    with pytest.raises(AccessDeniedError):
        review.accept_submission(con, user, own)
    with pytest.raises(AccessDeniedError):
        review.return_submission(con, user, own, comment="no")
    with pytest.raises(AccessDeniedError):
        review.lock_period(con, user, user.enterprise_id, JAN)
    with pytest.raises(AccessDeniedError):
        review.unlock_period(con, user, user.enterprise_id, JAN)
    with pytest.raises(AccessDeniedError):
        review.lock_park_year(con, user, PA, 2024)
    assert con.execute("SELECT count(*) FROM submission_reviews").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM period_locks").fetchall() == [(0,)]


def test_park_reviews_only_its_park(con, actor, sid) -> None:
    park_a = actor("park_a")
    with pytest.raises(AccessDeniedError):
        review.accept_submission(con, park_a, sid["S3"])
    with pytest.raises(AccessDeniedError):
        review.lock_period(con, park_a, E3, JAN)
    with pytest.raises(AccessDeniedError):
        review.lock_park_year(con, park_a, PB, 2024)
    with pytest.raises(AccessDeniedError):
        review.accept_submission(con, park_a, "does-not-exist")  # no existence oracle


def test_return_then_enterprise_sees_comment(con, actor, sid) -> None:
    with pytest.raises(review.ReviewError) as err:
        review.return_submission(con, actor("park_a"), sid["S2"], comment="  ")
    assert err.value.key == "auth.return_needs_comment"
    decision = review.return_submission(con, actor("park_a"), sid["S2"],
                                        comment="Tháng 1: thiếu hóa đơn điện")
    assert decision.decision == "returned" and decision.reviewer == "park_a"
    mine = review.review_queue(con, scope_of("ent2"), states=None)
    assert mine.to_dicts()[0]["review_state"] == "returned"
    assert mine.to_dicts()[0]["review_comment"] == "Tháng 1: thiếu hóa đơn điện"
    other = review.review_queue(con, scope_of("ent1"), states=None)
    assert sid["S2"] not in other["submission_id"] and other["review_comment"].null_count() == 2
    assert review.review_history(con, scope_of("ent1"), sid["S2"]).height == 0
    assert review.review_history(con, scope_of("ent2"), sid["S2"]).height == 1
    assert sid["S2"] not in review.review_queue(con, scope_of("park_a"))["submission_id"]


def test_park_cannot_overrule_province(con, actor, sid) -> None:
    review.accept_submission(con, actor("prov"), sid["S2"], comment="OK")
    with pytest.raises(AccessDeniedError):
        review.return_submission(con, actor("park_a"), sid["S2"], comment="changed my mind")
    review.return_submission(con, actor("admin"), sid["S2"], comment="recheck")
    assert review.review_history(con, scope_of("prov"), sid["S2"])["decision"].to_list() == [
        "accepted", "returned"]


def test_accept_with_lock_locks_current_months(con, actor, sid) -> None:
    review.accept_submission(con, actor("park_a"), sid["S1"], lock_periods=True)
    locks = review.list_locks(con, scope_of("ent1"))
    assert locks["period"].to_list() == [FEB]  # S1 supplies only February now
    assert review.list_locks(con, scope_of("ent2")).height == 0
    assert review.list_locks(con, scope_of("park_b")).height == 0


def test_lock_unlock_and_bulk_by_park_year(con, actor) -> None:
    park_a = actor("park_a")
    assert review.lock_period(con, park_a, E1, JAN.replace(day=15), reason="reviewed")
    assert not review.lock_period(con, park_a, E1, JAN)
    assert review.locked_periods(con, E1, [JAN, FEB]) == [JAN]
    assert review.unlock_period(con, park_a, E1, JAN, reason="correction")
    assert not review.unlock_period(con, park_a, E1, JAN)
    assert review.lock_park_year(con, park_a, PA, 2024) == 24
    assert review.lock_park_year(con, park_a, PA, 2024) == 0
    assert set(review.list_locks(con, scope_of("prov"))["enterprise_id"]) == {E1, E2}
    assert review.list_locks(con, scope_of("ent1"), year=2024).height == 12
    assert review.list_locks(con, scope_of("ent1"), enterprise_id=E2).height == 0
    assert review.unlock_park_year(con, actor("prov"), PA, 2024) == 24


# ----------------------------------------------------------------- restore


def test_restore_moves_pointer_and_is_scoped(con, actor, sid) -> None:
    with pytest.raises(AccessDeniedError):
        review.restore_submission(con, actor("ent2"), E1, JAN, sid["S1"])
    with pytest.raises(AccessDeniedError):
        review.restore_submission(con, actor("park_b"), E1, JAN, sid["S1"])
    with pytest.raises(review.ReviewError):
        review.restore_submission(con, actor("ent1"), E1, JAN, sid["S2"])  # not E1's rows
    assert review.restore_submission(con, actor("ent1"), E1, JAN, sid["S1"], reason="typo in S1B")
    current = read_current_activity(con, scope_of("ent1"))
    assert set(current["submission_id"]) == {sid["S1"]}
    history = review.period_history(con, scope_of("ent1"), period=JAN)
    assert history["action"].to_list()[0] == "restored"
    assert history["changed_by"].to_list()[0] == "ent1"
    assert not review.restore_submission(con, actor("ent1"), E1, JAN, sid["S1"])


def test_restore_refused_when_locked(con, actor, sid) -> None:
    review.lock_period(con, actor("prov"), E1, JAN)
    with pytest.raises(review.ReviewError) as err:
        review.restore_submission(con, actor("admin"), E1, JAN, sid["S1"])
    assert err.value.key == "auth.period_locked"
    assert set(read_current_activity(con, Scope.system(), enterprise_id=E1,
                                     period_to=JAN)["submission_id"]) == {sid["S1B"]}


# ----------------------------------------------------------------- audit


def test_every_action_writes_one_audit_row(con, actor, sid) -> None:
    def count() -> int:
        return con.execute("SELECT count(*) FROM audit_log").fetchall()[0][0]

    steps = [
        lambda: review.accept_submission(con, actor("park_a"), sid["S1"]),
        lambda: review.return_submission(con, actor("park_b"), sid["S3"], comment="fix"),
        lambda: review.lock_period(con, actor("prov"), E2, JAN),
        lambda: review.unlock_period(con, actor("prov"), E2, JAN),
        lambda: review.lock_park_year(con, actor("admin"), PB, 2023),
        lambda: review.unlock_park_year(con, actor("admin"), PB, 2023),
        lambda: review.restore_submission(con, actor("ent1"), E1, JAN, sid["S1"]),
    ]
    for step in steps:
        before = count()
        step()
        assert count() == before + 1
    actions = read_audit_log(con, Scope.system())["action"].to_list()
    for name in ("submission_accepted", "submission_returned", "period_locked",
                 "period_unlocked", "park_year_locked", "park_year_unlocked", "period_restored"):
        assert name in actions


def test_audit_log_is_scoped(con, actor, sid) -> None:
    review.accept_submission(con, actor("park_a"), sid["S1"])
    review.return_submission(con, actor("park_b"), sid["S3"], comment="fix")
    review.lock_park_year(con, actor("park_b"), PB, 2024)
    ents = lambda who, **kw: set(  # noqa: E731
        read_audit_log(con, scope_of(who), **kw)["enterprise_id"].drop_nulls())
    assert ents("ent1") <= {E1}
    assert ents("ent1", enterprise_id=E3) == set()
    assert ents("ent3") <= {E3} and ents("ent3")
    assert ents("park_a") <= {E1, E2}
    assert ents("park_a", park_id=PB) == set()
    park_b = read_audit_log(con, scope_of("park_b"))
    assert "park_year_locked" in park_b["action"].to_list()
    assert "park_year_locked" not in read_audit_log(con, scope_of("park_a"))["action"].to_list()
    assert "park_year_locked" not in read_audit_log(con, scope_of("ent3"))["action"].to_list()


def test_failed_action_leaves_no_audit_row(con, actor, sid) -> None:
    before = con.execute("SELECT count(*) FROM audit_log").fetchall()
    with pytest.raises(AccessDeniedError):
        review.accept_submission(con, actor("ent1"), sid["S1"])
    with pytest.raises(review.ReviewError):
        review.return_submission(con, SYSTEM, sid["S1"], comment="")
    assert con.execute("SELECT count(*) FROM audit_log").fetchall() == before
