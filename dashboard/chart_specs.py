"""Charts drawn from a remembered Vega-Lite spec: built once per input, not per rerun.

Why: ``st.altair_chart`` turns the Altair object into a spec on every rerun (deep copies and a
JSON-schema validation of the whole chart); for the province map, whose outline is a large
GeoJSON, that was most of a warm overview's time (issue 9). A chart is a pure function of its
small input frame and the language, so its spec is kept as JSON text under exactly those,
and each rerun hands Streamlit a fresh copy (``json.loads``) it may change freely.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

_MAX_SPECS = 256
_SPECS: dict[tuple, str] = {}
_SPECS_LOCK = threading.Lock()


def _key(name: str, frame: pl.DataFrame, extra: tuple) -> tuple:
    return (name, tuple(frame.columns), tuple(frame.rows()), extra)


def spec(name: str, frame: pl.DataFrame, build: Callable[[], Any], *extra: object) -> dict:
    """The Vega-Lite spec of ``build()`` (an Altair chart of ``frame``, or its spec), built once per
    (``name``, ``frame``'s rows, ``extra``) and returned as a fresh dict."""
    key = _key(name, frame, extra)
    with _SPECS_LOCK:
        text = _SPECS.get(key)
    if text is None:
        built = build()
        # not validated again against the Vega-Lite schema here: each chart builder's spec is
        # validated by its tests (tests/dashboard/test_charts.py), and the validation was a
        # third of a chart's build after every data change (issue 9)
        text = json.dumps(built if isinstance(built, dict) else built.to_dict(validate=False))
        with _SPECS_LOCK:
            if len(_SPECS) >= _MAX_SPECS:
                _SPECS.clear()
            _SPECS[key] = text
    return json.loads(text)


def show(name: str, frame: pl.DataFrame, build: Callable[[], Any], *extra: object,
         **kwargs: Any) -> Any:
    """``st.vega_lite_chart`` of the remembered spec (``kwargs``: width, key, on_select…)."""
    kwargs.setdefault("width", "stretch")
    return st.vega_lite_chart(spec=spec(name, frame, build, *extra), **kwargs)
