"""The service layer: every use case the CLI and the dashboard share.

Front ends (``cli/``, ``dashboard/``) call these modules and nothing below them; the modules
join the pure layers (``ingest`` reading and checking files, ``metrics`` computing, ``exports``
rendering) with the only SQL layer (``warehouse``), and own the rules that are neither
arithmetic nor storage: who may do what, which inventory a report uses, what is audited.
"""
