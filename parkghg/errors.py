"""Domain exceptions that carry a translation key, turned into friendly text at the edge.

Why keys and not strings: the same error reaches a Vietnamese enterprise in the browser and an
English-reading partner in the CLI; the edge (CLI command, Streamlit page) renders it with
``message(lang)`` and never shows a traceback.
"""

from __future__ import annotations

from parkghg.i18n import Lang, t


class ParkGHGError(Exception):
    """Base of every expected, user-facing failure."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}")

    def message(self, lang: Lang = "en") -> str:
        """The error rendered for a reader of ``lang``."""
        return t(self.key, lang, **self.params)


class WarehouseBusyError(ParkGHGError):
    """Another process holds the warehouse's write lock longer than we were willing to wait."""


class WarehouseMissingError(ParkGHGError):
    """The warehouse file does not exist yet (run ``parkghg init`` or ``parkghg sample-data``)."""


class AccessDeniedError(ParkGHGError):
    """The signed-in user's scope does not cover what was asked for."""


class BackupError(ParkGHGError):
    """A backup cannot be written, or a backup folder is damaged, partial or not a backup."""


class WarehouseWriteError(ParkGHGError):
    """The disk is full or the warehouse cannot be written (read-only file or disk).

    Raised in place of the engine's error so the edge says what to do; the transaction it
    interrupted rolled back, so no data was changed.
    """


class StoredFileMissingError(ParkGHGError):
    """An original uploaded file named by the warehouse is missing from its file store."""


class WarehouseTransferError(ParkGHGError):
    """A warehouse cannot be copied to PostgreSQL, or the copy does not match its source."""
