"""Regulator-ready exports, one small module per export.

Every export takes a ``Scope`` (through the reads in ``warehouse.inventories``), so an
enterprise user can only ever write its own rows to a file, whatever command asked.
"""
