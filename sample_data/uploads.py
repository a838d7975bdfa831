"""Example monthly upload files: three good ones in the formats enterprises really send, and
five deliberately broken ones that show each kind of rejection.

Why these formats: Vietnamese offices save CSV from Excel with ``;`` separators, decimal commas
and the Windows-1258 code page, or send the .xlsx itself; the platform must read all of them,
and the upload page and the README point to these files as worked examples. Every file is
built from the generator (January/February 2026, after the sample's range, so uploading one
adds a new month to the demo) and is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import polars as pl
import xlsxwriter

from sample_data.activity import enterprise_activity
from sample_data.generator import SampleSpec, csv_bytes, profiles
from sample_data.profiles import EnterpriseProfile

EXAMPLE_MONTH = "2026-01"
BAD_MONTH = "2026-02"
_XLSX_CREATED = dt.datetime(2026, 1, 31, 12, 0, 0)  # fixed, so the .xlsx bytes are stable

# Vietnamese headers the contract accepts (parkghg.contract.HEADER_ALIASES_VI).
VI_HEADERS: dict[str, str] = {
    "enterprise_id": "Mã số thuế", "period": "Kỳ báo cáo", "category": "Nhóm",
    "item": "Hạng mục", "quantity": "Số lượng", "unit": "Đơn vị tính",
    "use": "Mục đích sử dụng", "treatment": "Hình thức xử lý", "counterparty": "Đối tác",
    "note": "Ghi chú",
}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Excel writes them.

    cp1258 has no precomposed letters like 'ệ': it stores a base letter that it does have
    ('ê') followed by a combining tone mark. Python's codec does not do that decomposition,
    so it is done here, character by character.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate(marks):  # fold one mark into the base if cp1258 has it
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and _encodable(composed):
                base, marks = composed, marks[:i] + marks[i + 1:]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


def _pick(profs: tuple[EnterpriseProfile, ...], park_id: str, sector_id: str | None = None
          ) -> EnterpriseProfile:
    """The first enterprise of a park (of a sector, if that park has one)."""
    in_park = [p for p in profs if p.park_id == park_id]
    return next((p for p in in_park if p.sector_id == sector_id), in_park[0])


def _month(p: EnterpriseProfile, month: str, seed: int) -> pl.DataFrame:
    return enterprise_activity(p, month, month, seed)


def vn_excel_csv(frame: pl.DataFrame) -> bytes:
    """``;``-separated, decimal commas, Vietnamese headers, ``MM/YYYY`` periods, cp1258."""
    text = (
        frame.with_columns(
            pl.col("quantity").cast(pl.String).str.replace(r"\.", ","),
            (pl.col("period").str.slice(5, 2) + "/" + pl.col("period").str.slice(0, 4)),
        )
        .rename(VI_HEADERS)
        .write_csv(separator=";", null_value="", line_terminator="\r\n")
    )
    return encode_cp1258(text)


def xlsx_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as the first sheet of an .xlsx workbook, with stable bytes."""
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {"in_memory": True}) as wb:
        wb.set_properties({"created": _XLSX_CREATED})
        frame.write_excel(wb, worksheet="data", autofit=True)
    return buf.getvalue()


def _set(frame: pl.DataFrame, row: int, column: str, value: object) -> pl.DataFrame:
    """``frame`` with one cell replaced (``row`` 0-based data row = Excel row ``row + 2``)."""
    idx = pl.int_range(pl.len())
    dtype = frame.schema[column]
    return frame.with_columns(
        pl.when(idx == row).then(pl.lit(value, dtype)).otherwise(pl.col(column)).alias(column)
    )


def _row_of(frame: pl.DataFrame, category: str, item: str | None = None) -> int:
    hit = frame.with_row_index("_i").filter(
        (pl.col("category") == category) & ((pl.col("item") == item) if item else pl.lit(True))
    )
    return int(hit["_i"][0])


def bad_files(frame: pl.DataFrame) -> dict[str, bytes]:
    """One broken file per kind of mistake; README.md says which row is wrong."""
    fuel = _row_of(frame, "fuel")
    grid = _row_of(frame, "electricity", "grid")
    water = _row_of(frame, "water")
    prod = _row_of(frame, "production")
    return {
        "bad_unknown_item.csv": csv_bytes(_set(frame, fuel, "item", "dau_DO")),
        "bad_wrong_unit.csv": csv_bytes(_set(frame, grid, "unit", "kW")),
        "bad_negative_quantity.csv": csv_bytes(_set(frame, water, "quantity", -120.0)),
        "bad_period.csv": csv_bytes(_set(frame, prod, "period", "2026-13")),
        "bad_missing_column.csv": csv_bytes(frame.drop("unit")),
    }


def example_uploads(spec: SampleSpec | None = None) -> dict[str, bytes]:
    """File name → bytes of every committed example upload."""
    spec = spec or SampleSpec()
    profs = profiles(spec)
    good_csv = _month(_pick(profs, "amata"), EXAMPLE_MONTH, spec.seed)
    good_vn = _month(_pick(profs, "nhon_trach_3", "textiles_garments"), EXAMPLE_MONTH,
                     spec.seed)
    good_xlsx = _month(_pick(profs, "long_duc", "electronics"), EXAMPLE_MONTH, spec.seed)
    bad_base = _month(_pick(profs, "bien_hoa_2"), BAD_MONTH, spec.seed)
    return {
        "good_utf8.csv": csv_bytes(good_csv),
        "good_vn_excel_cp1258.csv": vn_excel_csv(good_vn),
        "good_excel.xlsx": xlsx_bytes(good_xlsx),
        **bad_files(bad_base),
    }
