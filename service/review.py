"""The reviewer's work: queue, accept/return, locks, restore, upload history.

Every decision checks the reviewer's role and reach and writes its audit row in the same
transaction (``warehouse.review``); reads take the reviewer's ``Scope``.
"""

from __future__ import annotations

from warehouse.review import (
    accept_submission,
    list_locks,
    lock_park_year,
    lock_period,
    restorable_submissions,
    restore_submission,
    return_submission,
    review_queue,
    unlock_park_year,
    unlock_period,
    upload_history,
)
from warehouse.submissions import original_file, submission_issues

__all__ = ["accept_submission", "list_locks", "lock_park_year", "lock_period",
           "original_file", "restorable_submissions", "restore_submission",
           "return_submission", "review_queue", "submission_issues", "unlock_park_year",
           "unlock_period", "upload_history"]
