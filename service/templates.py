"""Blank and pre-filled monthly upload templates (CSV and XLSX), for the front ends."""

from __future__ import annotations

from ingest.template import csv_template_bytes, write_templates, xlsx_template_bytes

__all__ = ["csv_template_bytes", "write_templates", "xlsx_template_bytes"]
