"""The generator: determinism, contract compliance and the shapes the demo relies on."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from parkghg.contract import COLUMNS, NOTE_MAX_CHARS, TREATMENTS, USES, item_spec
from sample_data.activity import TET_MONTH, month_range
from sample_data.generator import SampleSpec, csv_bytes, generate, registry
from sample_data.uploads import encode_cp1258
from warehouse.registry import ENTERPRISE_ID_RE

SEED_SECTORS = {"textiles_garments", "footwear", "food", "rubber_plastics", "chemicals",
                "electronics", "metal", "wood", "building_materials"}


@pytest.fixture(scope="module")
def sample():
    """The default Dong Nai sample (110 enterprises × 48 months), generated once."""
    return generate()


def test_same_seed_gives_identical_frames_and_bytes():
    a = generate(parks=3, enterprises_per_park=3, months=12, seed=7)
    b = generate(parks=3, enterprises_per_park=3, months=12, seed=7)
    for name in ("provinces", "parks", "enterprises", "activity"):
        assert getattr(a, name).equals(getattr(b, name)), name
    assert csv_bytes(a.activity) == csv_bytes(b.activity)


def test_different_seed_gives_different_data():
    a = generate(parks=3, enterprises_per_park=3, months=12, seed=7)
    b = generate(parks=3, enterprises_per_park=3, months=12, seed=8)
    assert not a.enterprises.equals(b.enterprises)
    assert not a.activity.equals(b.activity)
    assert a.parks.equals(b.parks)  # real parks do not depend on the seed


def test_scale_adds_fictional_parks_and_keeps_existing_enterprises():
    small = registry(SampleSpec(parks=2, enterprises_per_park=2))[2]
    big_parks, big_enterprises = registry(SampleSpec(parks=25, enterprises_per_park=3))[1:]
    assert big_parks.height == 25 and big_enterprises.height == 75
    assert big_parks["park_id"].str.starts_with("demo_park_").sum() == 3
    # every enterprise has its own random stream, so scaling up does not change the others
    assert small["enterprise_id"].to_list() == big_enterprises.filter(
        pl.col("park_id").is_in(["amata", "long_duc"])
    ).group_by("park_id", maintain_order=True).head(2)["enterprise_id"].to_list()


def test_registry_shape(sample):
    ent = sample.enterprises
    assert ent.height >= 100
    assert ent["enterprise_id"].n_unique() == ent.height
    assert ent["name"].n_unique() == ent.height
    assert ent["enterprise_id"].str.contains(ENTERPRISE_ID_RE).all()
    assert ent["enterprise_id"].str.starts_with("0").sum() > 0
    assert ent["enterprise_id"].str.contains("-").sum() > 0
    assert ent["name"].str.ends_with("(fictional)").all()
    assert set(ent["sector_id"].unique()) == SEED_SECTORS
    assert 0 < ent["on_national_list"].sum() < ent.height
    assert set(ent["park_id"]) <= set(sample.parks["park_id"])
    parks = sample.parks
    assert (parks["area_ha"] > 0).all()
    assert parks["latitude"].is_between(10.5, 11.5).all()
    assert parks["longitude"].is_between(106.5, 107.6).all()


def test_every_row_follows_the_upload_contract(sample):
    act = sample.activity
    assert tuple(act.columns) == COLUMNS
    assert act["period"].str.contains(r"^20\d\d-(0[1-9]|1[0-2])$").all()
    assert (act["quantity"] > 0).all()
    assert set(act["enterprise_id"].unique()) <= set(sample.enterprises["enterprise_id"])
    combos = act.select("category", "item", "unit").unique().iter_rows()
    for category, item, unit in combos:
        spec = item_spec(category, item)
        assert spec is not None, (category, item)
        assert unit in spec.units, (category, item, unit)
    fuel = pl.col("category") == "fuel"
    assert act.filter(fuel)["use"].is_in(USES).all()
    assert act.filter(~fuel)["use"].is_null().all()
    waste = pl.col("category") == "waste"
    assert act.filter(waste)["treatment"].is_in(TREATMENTS).all()
    assert act.filter(~waste)["treatment"].is_null().all()
    assert (act["note"].drop_nulls().str.len_chars() <= NOTE_MAX_CHARS).all()
    units = act.filter(pl.col("category") == "production").group_by("enterprise_id").agg(
        pl.col("unit").n_unique())
    assert (units["unit"] == 1).all()  # one product unit per enterprise, kept over time
    keys = ["enterprise_id", "period", "category", "item", "use"]
    assert act.select(keys).is_duplicated().sum() == 0


def test_every_part_of_the_contract_the_demo_needs_is_exercised(sample):
    items = set(sample.activity.select("category", "item").unique().iter_rows())
    for needed in [("electricity", "grid"), ("electricity", "onsite_solar"),
                   ("electricity", "dppa_renewable"), ("electricity", "rec_retired"),
                   ("fuel", "diesel"), ("fuel", "natural_gas"), ("fuel", "coal_anthracite"),
                   ("fuel", "fuel_oil"), ("fuel", "lpg"), ("fuel", "wood"), ("fuel", "rice_husk"),
                   ("steam", "purchased_steam"), ("water", "municipal"), ("water", "groundwater"),
                   ("water", "recycled"), ("wastewater", "discharged"),
                   ("wastewater", "cod_load"), ("waste", "ash_slag"), ("production", "output"),
                   ("finance", "revenue")]:
        assert needed in items, needed
    assert any(c == "refrigerant" for c, _ in items)
    mobile = sample.activity.filter(pl.col("use") == "mobile")
    assert mobile.height > 0


def test_natural_gas_only_in_gas_pipeline_parks(sample):
    gas = sample.activity.filter(pl.col("item") == "natural_gas").join(
        sample.enterprises.select("enterprise_id", "park_id"), on="enterprise_id")
    assert set(gas["park_id"].unique()) <= {"nhon_trach_1", "nhon_trach_2", "nhon_trach_3",
                                            "nhon_trach_5", "nhon_trach_6"}


def test_tet_dip_and_hot_season_peak(sample):
    act = sample.activity.with_columns(
        year=pl.col("period").str.slice(0, 4).cast(pl.Int32),
        month=pl.col("period").str.slice(5, 2).cast(pl.Int32),
    ).with_columns(tet=pl.col("month") == pl.col("year").replace_strict(TET_MONTH))
    out = act.filter(pl.col("category") == "production").group_by("enterprise_id").agg(
        ratio=pl.col("quantity").filter(pl.col("tet")).median()
        / pl.col("quantity").filter(~pl.col("tet")).median())
    assert out["ratio"].median() < 0.8
    grid = act.filter(pl.col("item") == "grid").group_by("enterprise_id").agg(
        ratio=pl.col("quantity").filter(pl.col("month").is_in([4, 5])).median()
        / pl.col("quantity").filter(pl.col("month").is_in([9, 10, 11])).median())
    assert grid["ratio"].median() > 1.03


def test_growth_over_the_years(sample):
    by_year = sample.activity.filter(pl.col("category") == "production").group_by(
        pl.col("period").str.slice(0, 4).alias("year")).agg(pl.col("quantity").sum()).sort("year")
    assert by_year["quantity"][-1] > by_year["quantity"][0]


def test_by_products_go_to_another_enterprise_of_the_same_park(sample):
    park_of = dict(sample.enterprises.select("enterprise_id", "park_id").iter_rows())
    to_firms = sample.activity.filter(
        (pl.col("category") == "waste") & pl.col("counterparty").is_in(list(park_of)))
    assert to_firms.select("enterprise_id", "item").unique().height >= 10
    assert set(to_firms["treatment"].unique()) <= {"reuse", "recycling"}
    for sender, receiver in to_firms.select("enterprise_id", "counterparty").unique().iter_rows():
        assert sender != receiver
        assert park_of[sender] == park_of[receiver]


def test_missing_months_and_outliers_are_planted(sample):
    n_months = len(month_range("2022-01", "2025-12"))
    months = sample.activity.group_by("enterprise_id").agg(pl.col("period").n_unique())
    assert (months["period"] < n_months).sum() >= 3
    stream = ["enterprise_id", "category", "item", "use", "unit"]
    ratio = sample.activity.group_by(stream).agg(
        (pl.col("quantity").max() / pl.col("quantity").median()).alias("r"),
        pl.len().alias("n"))
    outliers = ratio.filter((pl.col("r") >= 10) & (pl.col("n") >= 6)
                            & (pl.col("category") != "refrigerant"))
    assert 2 <= outliers.height <= 12


def test_month_range_and_months_argument():
    assert month_range("2024-11", "2025-02") == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]
    assert SampleSpec.of(start="2024-11", months=3).end == "2025-01"


def test_cp1258_encoding_round_trips_vietnamese():
    text = "Công ty TNHH Dệt May Sông Xanh; Nghỉ Tết Nguyên Đán; Đồng Nai; ưởng; ễ ự ỹ"
    decoded = unicodedata.normalize("NFC", encode_cp1258(text).decode("cp1258"))
    assert decoded == text
