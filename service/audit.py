"""The audit log, for the front ends: reading it within a scope.

Why no writer here: every audit row is written by the service or warehouse function that does
the thing it records (an upload, a review decision, a version freeze, an export through
``service.reports.record_export``), after that function has checked the actor's rights. A bare
"write this audit row" door for front ends would let a page record anything it likes.
"""

from __future__ import annotations

from warehouse.audit import read_audit_log

__all__ = ["read_audit_log"]
