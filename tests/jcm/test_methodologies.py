"""Each JCM methodology's formula on hand-checked inputs.

The formulas are those of regulation.md §3.2 (VN_AM007 S47, VN_AM003 S45, TH_AM005 S48); the
numbers below are worked by hand, not taken from a methodology spreadsheet (none was read).
"""

from __future__ import annotations

import pytest

from metrics.jcm import registry
from metrics.jcm.base import DATA_DIR, JcmError
from parkghg.i18n import t


def test_solar_pv_is_output_times_conservative_factor_with_no_project_emissions():
    # 1,000 MWh × 0.5 tCO2/MWh = 500 tCO2; PE = 0 (VN_AM007).
    calc = registry.compute("vn_am007_solar_pv",
                            {"EG_pv_mwh": 1000.0, "EF_RE_tco2_per_mwh": 0.5},
                            {"EF_RE_tco2_per_mwh": "VERIFIED"})
    assert (calc.re_tco2, calc.pe_tco2, calc.er_tco2) == (500.0, 0.0, 500.0)
    assert not calc.indicative


def test_solar_pv_with_an_unverified_setting_is_indicative():
    calc = registry.compute("vn_am007_solar_pv", {"EG_pv_mwh": 10.0,
                                                  "EF_RE_tco2_per_mwh": 0.5},
                            {"EF_RE_tco2_per_mwh": "UNVERIFIED"})
    assert calc.indicative and calc.indicative_because == ("EF_RE_tco2_per_mwh",)


def test_the_grid_factor_is_never_defaulted():
    with pytest.raises(JcmError) as err:
        registry.compute("vn_am007_solar_pv", {"EG_pv_mwh": 10.0})
    assert err.value.key == "jcm.error_setting_missing"
    assert "grid_ef" in err.value.message("en")
    assert t("jcm.error_setting_missing", "vi", methodology="m", parameter="p", setting="s")


def test_chiller_reference_scales_project_electricity_by_the_cop_ratio():
    # EC_RE = 800 × 6.0 / 4.8 = 1,000 MWh; RE = 1,000 × 0.6 = 600; PE = 800 × 0.6 = 480.
    calc = registry.compute("th_am005_chiller", {"EC_PJ_mwh": 800.0, "COP_PJ": 6.0,
                                                 "COP_RE": 4.8, "EF_grid_tco2_per_mwh": 0.6})
    assert calc.re_tco2 == pytest.approx(600.0)
    assert calc.pe_tco2 == pytest.approx(480.0)
    assert calc.er_tco2 == pytest.approx(120.0)
    assert calc.indicative  # no approved VN chiller methodology: always indicative


def test_buildings_scale_monitored_consumption_by_the_efficiency_ratio():
    # PE = 100 × 0.6 + 2 × 74.1 = 208.2; RE = 208.2 × 4.5/3.0 = 312.3; ER = 104.1.
    calc = registry.compute("vn_am003_buildings", {
        "EC_PJ_mwh": 100.0, "FC_PJ_tj": 2.0, "eta_PJ": 4.5, "eta_RE": 3.0,
        "EF_grid_tco2_per_mwh": 0.6})
    assert calc.pe_tco2 == pytest.approx(208.2)
    assert calc.re_tco2 == pytest.approx(312.3)
    assert calc.er_tco2 == pytest.approx(104.1)


def test_boiler_fuel_switch_to_biomass():
    # Heat = 10 TJ × 0.85 = 8.5 TJ; FC_RE = 8.5 / 0.89 = 9.5506 TJ; RE = 9.5506 × 77.4 =
    # 739.21 tCO2; PE = 10 × 0 = 0.
    calc = registry.compute("boiler_fuel_switch", {"FC_PJ_tj": 10.0})
    assert calc.re_tco2 == pytest.approx(8.5 / 0.89 * 77.4)
    assert calc.pe_tco2 == 0.0
    assert calc.er_tco2 == pytest.approx(739.213, abs=1e-3)


def test_boiler_efficiency_upgrade_on_the_same_fuel():
    # Same fuel (EF 77.4): FC_PJ 9 TJ at η 0.92 vs reference η 0.80 → RE = 9×0.92/0.8×77.4.
    calc = registry.compute("boiler_fuel_switch", {
        "FC_PJ_tj": 9.0, "eta_PJ": 0.92, "eta_RE": 0.80, "EF_PJ_tco2_per_tj": 77.4})
    assert calc.re_tco2 == pytest.approx(801.09)
    assert calc.pe_tco2 == pytest.approx(696.6)
    assert calc.er_tco2 == pytest.approx(104.49)


def test_steps_follow_the_spreadsheet_layout():
    calc = registry.compute("th_am005_chiller", {"EC_PJ_mwh": 800.0,
                                                 "EF_grid_tco2_per_mwh": 0.6})
    sections = [s.section for s in calc.steps]
    assert sections == sorted(sections, key=["input", "fixed", "calculation", "result"].index)
    assert [s.name for s in calc.steps if s.section == "result"] == ["RE_p", "PE_p", "ER_p"]


def test_every_methodology_has_one_data_file_and_unverified_values_are_labelled():
    ids = set(registry.METHODOLOGIES)
    files = {p.stem for p in DATA_DIR.glob("*.toml")}
    assert ids == files
    for mid in ids:
        m = registry.methodology(mid)
        assert m.eligibility and m.monitoring and m.source
        for p in m.fixed:
            assert p.setting or p.default is not None, (mid, p.name)
            if p.setting:  # a setting has no default: it must never fall back silently
                assert p.default is None and p.verification == "SETTING"
    assert registry.settings_used("vn_am007_solar_pv") == ("grid_ef",)


def test_unknown_methodology_is_a_friendly_error():
    with pytest.raises(JcmError) as err:
        registry.methodology("nope")
    assert "vn_am007_solar_pv" in err.value.message("en")
