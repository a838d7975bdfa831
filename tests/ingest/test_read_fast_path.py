"""The whole-text check that lets a clean CSV skip the per-cell scan changes no answer.

``ingest.read._csv_body_clean`` decides from the whole text that no cell can be too long,
hold a control character or span two lines; the cells are then moved into polars and stripped
there. Whatever the text, reading it with that shortcut must give the same frame, or the same
problems, as checking every cell one by one (the reader before the shortcut).
"""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import read
from ingest.read import FileRejected, read_upload
from parkghg.contract import COLUMNS

_CELL_CHARS = st.sampled_from(
    [*"ab1,.;\"' \t", "\n", "\r", "\r\n", "\x00", "\x07", "\x1c", "\x1f", "\x85",
     "\u00a0", "\u2028", "\u3000", "é", "Đ"])
_CELL = st.one_of(
    st.lists(_CELL_CHARS, max_size=6).map("".join),
    st.sampled_from(["", " ", "0101234567", "2024-06", "electricity", "grid", "12,5", "kWh"]),
    st.integers(1_990, 2_010).map(lambda n: "x" * n),  # around the 2,000-character limit
)


def _text(header: list[str], rows: list[list[str]], separator: str, quote_all: bool) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _outcome(content: bytes) -> tuple[str, object]:
    try:
        return "frame", read_upload(content, "f.csv").frame
    except FileRejected as rejected:
        return "rejected", [(p.code, p.row, p.column, p.value) for p in rejected.problems]


def _same(a: tuple[str, object], b: tuple[str, object]) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "frame":
        return a[1].equals(b[1])  # type: ignore[union-attr]
    return a[1] == b[1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELL, min_size=0, max_size=len(COLUMNS) + 2), max_size=8),
    extra_header=st.booleans(),
    separator=st.sampled_from([",", ";", "\t"]),
    quote_all=st.booleans(),
    trailing_newline=st.booleans(),
)
def test_shortcut_gives_the_per_cell_answer(rows, extra_header, separator, quote_all,
                                            trailing_newline):
    header = list(COLUMNS) + ([""] if extra_header else [])
    text = _text(header, rows, separator, quote_all)
    if not trailing_newline:
        text = text.rstrip("\r\n")
    content = text.encode("utf-8")
    fast = _outcome(content)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(read, "_csv_body_clean", lambda text, n_records: False)
        slow = _outcome(content)
    assert _same(fast, slow), (fast, slow)


def test_a_clean_file_takes_the_shortcut_and_a_dirty_one_does_not():
    header = ",".join(COLUMNS)
    good = f"{header}\r\n" + ",".join(["0101234567", "2024-06"] + [""] * (len(COLUMNS) - 2))
    assert read._csv_body_clean(good, 2)
    assert not read._csv_body_clean(good + "\x07", 2)          # a control character
    assert not read._csv_body_clean(f'{header}\r\n"a\nb"', 2)  # a cell across two lines
    assert not read._csv_body_clean(f"{header}\r\n" + "x" * 2_001, 2)  # maybe a long cell


def test_blank_rows_and_cells_read_as_before():
    header = ",".join(COLUMNS)
    blank = "," * (len(COLUMNS) - 1)
    body = ",".join(["0101234567", " 2024-06 "] + [""] * (len(COLUMNS) - 2))
    frame = read_upload(f"{header}\n{blank}\n{body}\n".encode(), "f.csv").frame
    assert frame["_row"].to_list() == [3]  # the blank row 2 is dropped, numbers kept
    assert frame["period"].to_list() == ["2024-06"]  # stripped
    assert frame.schema["_row"] == pl.Int64
    assert frame[COLUMNS[-1]].null_count() == 1  # a blank cell is null, not ""
