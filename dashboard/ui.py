"""Small helpers every page uses: the reader's language, translated text, the page-edge guard.

Why one guard: a page must never show a traceback. Expected failures (``ParkGHGError``) become
their translated message, a busy warehouse becomes a polite "try again" with a retry button, and
anything else becomes a short notice while the details go to the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
import streamlit as st

from dashboard.cells import day_text, when_text
from parkghg.errors import ParkGHGError, WarehouseBusyError
from parkghg.i18n import DEFAULT_LANG, LANGS, Lang, fmt_number, t
from parkghg.log import get_logger
from parkghg.spreadsheet import excel_csv_bytes

log = get_logger(__name__)

LANG_KEY = "lang"


def lang() -> Lang:
    """The language the reader chose (Vietnamese until they switch)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def tr(key: str, /, **params: object) -> str:
    """The ``dash`` catalogue message for ``key`` in the reader's language."""
    return t(key, lang(), **params)


def num(value: float | int | None, digits: int = 0) -> str:
    """A number in the reader's locale (``1.234`` in Vietnamese)."""
    return fmt_number(value, lang(), digits)


def day(value: dt.date | dt.datetime | None) -> str:
    """A full date in the reader's locale, or a dash when unknown (main thread only)."""
    return day_text(value, lang())


def when(value: dt.datetime | None) -> str:
    """A timestamp as full date plus hh:mm, in the reader's locale (main thread only)."""
    return when_text(value, lang())


def month_label(value: dt.date) -> str:
    """``06/2024`` in both languages (the form used on Vietnamese reports)."""
    return f"{value:%m/%Y}"


def month_span(row: dict) -> str:
    """``01/2024 – 12/2024`` from a row's period_first/period_last (one month shown once)."""
    first, last = row.get("period_first"), row.get("period_last")
    if first is None:
        return "–"
    if last is None or first == last:
        return month_label(first)
    return f"{month_label(first)} – {month_label(last)}"


@contextmanager
def page_guard() -> Iterator[None]:
    """Run a page body, turning failures into friendly, translated messages; its reads share
    one warehouse connection (``data.one_connection``; ``app.py`` opens the same block
    around a whole run, this covers a page script run on its own, as tests run them)."""
    from dashboard import data  # the page's data layer; ui stays importable without it

    try:
        with data.one_connection():
            yield
    except WarehouseBusyError:
        st.warning(tr("dash.error.busy"), icon=":material/hourglass_top:")
        st.button(tr("dash.action.retry"), key="_retry_busy", icon=":material/refresh:")
    except ParkGHGError as exc:
        st.error(exc.message(lang()), icon=":material/error:")
    except Exception:
        log.exception("dashboard page failed")
        st.error(tr("dash.error.internal"), icon=":material/error:")


@contextmanager
def action_guard() -> Iterator[None]:
    """Around one user action: an expected refusal is shown in place, the page carries on."""
    try:
        yield
    except ParkGHGError as exc:
        st.error(exc.message(lang()), icon=":material/error:")


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """A CSV that Excel opens with Vietnamese text intact and no cell running as a formula."""
    return excel_csv_bytes(frame)
