"""The audit log: recording what front ends do outside a warehouse write (exports)."""

from __future__ import annotations

from warehouse.audit import read_audit_log, record_audit

__all__ = ["read_audit_log", "record_audit"]
