"""The figures a Vietnamese verifier checks, reproduced from one small upload (issue 8).

One enterprise reports for June 2023: 2,000 MWh of grid electricity and a 20 kg top-up of
R-22. Worked by hand, with sources:

* Energy in TOE, MOIT coefficient for electricity 0.0001543 TOE/kWh (table attached to letter
  3505/BCT-KHCN of 19/04/2011, restated with Circular 02/2014/TT-BCT; shared/reference/toe.md):
  2,000,000 kWh × 0.0001543 = **308.6 TOE** (the physical 3.6 GJ/MWh would give only 172.0).
* Scope 2, location-based: 2,000 MWh × 0.6592 tCO2e/MWh (Viet Nam grid EF 2023, Department of
  Climate Change, VN_GRID_EF_2023) = **1,318.4 tCO2e**.
* R-22 (HCFC-22) recharge, AR5 GWP 1,760 (IPCC AR5 WG1 Table 8.A.1): 0.020 t × 1,760 =
  **35.2 tCO2e**, inside the Circular 38 inventory (App. II Sec. 2 covers "HFC and HCFC" and
  lists R-22), a memo line only under the GHG Protocol view.
* Headline (Scope 1 + 2, Circular 38): 1,318.4 + 35.2 = **1,353.6 tCO2e**.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from cli.main import cli
from metrics.boundary import apply_boundary
from metrics.inventory import CalcParams
from metrics.rollups import headline_totals
from service import inventory as inv
from service.access import Actor, Scope
from service.db import open_warehouse
from service.registry import import_registry_many
from service.uploads import ingest_bytes
from tests.worlds import DONG_NAI as PROVINCES
from tests.worlds import INVENTORY_ENTERPRISES as ENTERPRISES
from tests.worlds import TWO_PARKS as PARKS
from tests.worlds import _r, upload_csv

pytestmark = pytest.mark.both_backends

ENT = "0301234567"
ELECTRICITY_TCO2E = 2000 * 0.6592
R22_TCO2E = 20 / 1000 * 1760


@pytest.fixture
def db(warehouse_path: Path) -> Path:
    path = warehouse_path
    with open_warehouse(path) as con:
        import_registry_many(con, [(PROVINCES, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES.filter(pl.col("enterprise_id") == ENT)
                                    .with_columns(address=pl.lit("Lô A1, KCN Amata, Đồng Nai"),
                                                  legal_representative=pl.lit("Trần Thị Bình")),
                                    "enterprises")], actor=Actor.system("fixture"))
    rows = [_r(ENT, "2023-06", "electricity", "grid", 2_000_000, "kWh"),
            _r(ENT, "2023-06", "refrigerant", "r22", 20, "kg")]
    result = ingest_bytes(path, upload_csv(rows), "june.csv", uploaded_by="test")
    assert result.status == "accepted", result.errors
    return path


def test_screening_counts_r22_and_uses_moit_toe(db: Path) -> None:
    with open_warehouse(db, read_only=True) as con:
        row = inv.screening_table(con, Scope.system(), year=2023, gwp_set="AR5").row(
            0, named=True)
    assert row["energy_toe_moit"] == pytest.approx(308.6, abs=1e-9)
    assert row["screening_tco2e"] == pytest.approx(ELECTRICITY_TCO2E + R22_TCO2E, abs=1e-6)
    assert row["screening_tco2e"] == pytest.approx(1353.6, abs=1e-6)
    assert not row["over_3000_tco2e"] and not row["over_1000_toe"]
    assert not row["provisional"]
    assert "VN_GRID_EF_2023" in row["factor_ids"] and "GWP_AR5_HCFC-22" in row["factor_ids"]


def test_market_basis_and_certificates_never_lower_screening(db: Path) -> None:
    rec = upload_csv([_r(ENT, "2023-06", "electricity", "grid", 2_000_000, "kWh"),
                      _r(ENT, "2023-06", "refrigerant", "r22", 20, "kg"),
                      _r(ENT, "2023-06", "electricity", "rec_retired", 2000, "MWh")])
    assert ingest_bytes(db, rec, "june_rec.csv", uploaded_by="test").status == "accepted"
    with open_warehouse(db, read_only=True) as con:
        market = inv.compute_inventory(con, Scope.system(), year_from=2023, year_to=2023,
                                       params=CalcParams(scope2_basis="market"))
        flags = inv.screening_table(con, Scope.system(), year=2023, gwp_set="AR5")
    # the market view shows the certificates' effect ...
    assert market.total_tco2e == pytest.approx(R22_TCO2E, abs=1e-6)
    # ... the screening basis does not move
    assert flags["screening_tco2e"][0] == pytest.approx(1353.6, abs=1e-6)


def test_headline_is_scope_1_plus_2_and_r22_is_memo_only_under_ghg_protocol(db: Path) -> None:
    with open_warehouse(db, read_only=True) as con:
        live = inv.compute_inventory(con, Scope.system(), year_from=2023, year_to=2023,
                                     params=CalcParams())
    assert live.total_tco2e == pytest.approx(1353.6, abs=1e-6)
    c38 = apply_boundary(live.emissions, "circular38")
    assert c38.filter(pl.col("gas") == "HCFC-22")["scope"].unique().to_list() == ["1"]
    ghgp = headline_totals(live.emissions, "ghg_protocol").row(0, named=True)
    assert ghgp["headline_tco2e"] == pytest.approx(ELECTRICITY_TCO2E, abs=1e-6)
    assert ghgp["memo_tco2e"] == pytest.approx(R22_TCO2E, abs=1e-6)


def test_form06_states_the_circular38_headline(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "form06.xlsx"
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "report", "form06",
                                      "--enterprise", ENT, "--year", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1,353.600" in result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    text = "\n".join(cells)
    assert "Năm 2023: 1.353,600 tCO2tđ (phạm vi 1+2, ranh giới Thông tư 38)" in text
    assert "2023: 1,353.600 tCO2e (scopes 1+2, Circular 38 boundary)" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "combined uncertainty ±" in text  # III.4 states the uncertainty (IPCC Approach 1)
    # Section I from the registry (migration 0005); what is missing says so, never blank
    assert "Lô A1, KCN Amata, Đồng Nai" in text and "Trần Thị Bình" in cells
    assert "(not in the enterprise's parkghg record yet" in text  # no licence number given
    results = openpyxl.load_workbook(out)["III.3 Kết quả"]
    values = [v for row in results.iter_rows(values_only=True) for v in row]
    assert any(isinstance(v, float) and v == pytest.approx(R22_TCO2E) for v in values)


def test_thresholds_command_writes_the_screening_list(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "screening.xlsx"
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", "inventory",
                                      "thresholds", "--year", "2023", "--format", "xlsx",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Screened 1 enterprises for 2023" in result.output
    df = pl.read_excel(out, read_options={"header_row": 3})
    assert df.height == 1
    toe = next(c for c in df.columns if c.startswith("Năng lượng (TOE"))
    assert df[toe][0] == pytest.approx(308.6)
    csv = CliRunner().invoke(cli, ["--db", str(db), "inventory", "thresholds", "--year", "2023",
                                   "--out", "-"])
    assert csv.exit_code == 0, csv.output
    assert "screening_tco2e" in csv.output and "1353.6" in csv.output


@pytest.mark.slow  # ~3 s: a warehouse built here, then the province workbook
def test_province_workbook_counts_steam_sold_inside_the_province_once(tmp_path: Path,
                                                                      warehouse_path: Path
                                                                      ) -> None:
    """B buys 100 t of steam from A (A's boiler fuel is in A's Scope 1): the sum of the two
    inventories holds it twice, the territorial total once (100 t × 0.242 tCO2/t, the Circular
    38 steam check case as corrected by Decision 334/QĐ-BCT)."""
    buyer = "3600123456-001"
    path = warehouse_path
    with open_warehouse(path) as con:
        import_registry_many(con, [(PROVINCES, "provinces"), (PARKS, "parks"),
                                   (ENTERPRISES, "enterprises")], actor=Actor.system("fixture"))
    seller_rows = [_r(ENT, "2023-06", "fuel", "diesel", 20_000, "L", use="stationary")]
    buyer_rows = [_r(buyer, "2023-06", "steam", "purchased_steam", 100, "t", counterparty=ENT)]
    for name, rows in (("a.csv", seller_rows), ("b.csv", buyer_rows)):
        assert ingest_bytes(path, upload_csv(rows), name, uploaded_by="t").status == "accepted"
    with open_warehouse(path, read_only=True) as con:
        row = inv.territorial_table(con, Scope.system(), year=2023, params=CalcParams()).row(
            0, named=True)
    assert row["internal_energy_transfers_tco2e"] == pytest.approx(24.2, abs=0.05)
    assert row["territorial_tco2e"] == pytest.approx(
        row["sum_of_inventories_tco2e"] - row["internal_energy_transfers_tco2e"])
    out = tmp_path / "province.xlsx"
    result = CliRunner().invoke(cli, ["--db", str(path), "report", "province", "--year", "2023",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes = [str(v) for r in openpyxl.load_workbook(out)["Ghi chú"].iter_rows(values_only=True)
             for v in r if v is not None]
    assert any(n.startswith("Territorial total (no double counting)") for n in notes)
    assert any("1 activity rows" in n for n in notes)
