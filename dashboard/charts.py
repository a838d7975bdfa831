"""Pure chart builders: a polars frame (plus the reader's language) in, an Altair chart out.

Why pure: charts never touch the warehouse or Streamlit, so tests check them through
``chart.to_dict()`` and the same functions can render PNGs for reports. Every title, axis
label and legend comes from the ``dash`` catalogue, and every axis with a quantity names its
unit. Numbers on axes and tooltips follow the reader's locale through Vega's ``config.locale``
(``1.234,5`` in Vietnamese).
"""

from __future__ import annotations

import altair as alt
import polars as pl

from metrics.inventory import SCOPES
from parkghg.i18n import Lang, t

SCOPE_COLOURS: tuple[str, ...] = ("#0f5257", "#e07a1f", "#6c8ead", "#5c9e4a", "#a8a8a8")
HEIGHT = 300
CELL_PX = 18  # one completeness cell (row height; a month is twice as wide)
MAP_LABELS = 8  # only the largest parks are named on the map; the rest have tooltips

_NUMBER_LOCALE = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
}
_VI_MONTHS = [f"tháng {i}" for i in range(1, 13)]
_VI_SHORT_MONTHS = [f"Th{i}" for i in range(1, 13)]
_TIME_LOCALE = {
    "vi": {
        "dateTime": "%A, %d/%m/%Y %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
        "periods": ["SA", "CH"],
        "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        "months": _VI_MONTHS, "shortMonths": _VI_SHORT_MONTHS,
    },
    "en": {
        "dateTime": "%a %b %e %X %Y", "date": "%m/%d/%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec"],
    },
}


def scope_label(scope: str, lang: Lang) -> str:
    """``Phạm vi 1`` / ``Scope 1`` and so on, from the catalogue."""
    return t(f"dash.scope.{scope}", lang)


def _finish(chart: alt.Chart | alt.LayerChart, lang: Lang) -> alt.Chart | alt.LayerChart:
    """Locale-aware number and date formats, quiet axes, no chart border."""
    return chart.configure(
        locale={"number": _NUMBER_LOCALE[lang], "time": _TIME_LOCALE[lang]}
    ).configure_view(strokeWidth=0).configure_axis(labelFontSize=11, titleFontSize=12)


def _scope_scale(scopes: list[str], lang: Lang) -> alt.Scale:
    """Fixed colours per scope, listing only the scopes present (in their usual order)."""
    shown = [s for s in SCOPES if s in scopes] or list(SCOPES[:3])
    return alt.Scale(
        domain=[scope_label(s, lang) for s in shown],
        range=[SCOPE_COLOURS[SCOPES.index(s)] for s in shown],
    )


def _with_scope_labels(frame: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    labels = {s: scope_label(s, lang) for s in SCOPES}
    return frame.with_columns(
        pl.col("scope").cast(pl.String).replace_strict(labels, default=pl.col("scope"))
        .alias("scope_label")
    )


def trend_by_scope(monthly: pl.DataFrame, lang: Lang) -> alt.Chart:
    """Monthly emissions stacked by scope.

    Args:
        monthly: one row per ``period`` (date, first of month) and ``scope`` with ``tco2e``.
        lang: the reader's language.
    """
    data = _with_scope_labels(monthly, lang)
    tco2e = t("dash.unit.tco2e", lang)
    chart = (
        alt.Chart(data, title=t("dash.chart.trend_scope", lang), height=HEIGHT)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(period):T", title=t("dash.axis.month", lang)),
            y=alt.Y("sum(tco2e):Q", title=t("dash.axis.emissions", lang, unit=tco2e)),
            color=alt.Color("scope_label:N", title=t("dash.axis.scope", lang),
                            scale=_scope_scale(monthly.get_column("scope").unique().to_list(),
                                               lang),
                            legend=alt.Legend(orient="bottom")),
            order=alt.Order("scope:N"),
            tooltip=[
                alt.Tooltip("yearmonth(period):T", title=t("dash.axis.month", lang)),
                alt.Tooltip("scope_label:N", title=t("dash.axis.scope", lang)),
                alt.Tooltip("sum(tco2e):Q", title=tco2e, format=",.1f"),
            ],
        )
    )
    return _finish(chart, lang)


def trend_by_source(monthly: pl.DataFrame, lang: Lang) -> alt.Chart:
    """Monthly emissions stacked by source category (``source_label`` column, translated)."""
    tco2e = t("dash.unit.tco2e", lang)
    chart = (
        alt.Chart(monthly, title=t("dash.chart.trend_source", lang), height=HEIGHT)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("yearmonth(period):T", title=t("dash.axis.month", lang)),
            y=alt.Y("sum(tco2e):Q", title=t("dash.axis.emissions", lang, unit=tco2e),
                    stack="zero"),
            color=alt.Color("source_label:N", title=t("dash.axis.source", lang),
                            scale=alt.Scale(scheme="tableau10")),
            tooltip=[
                alt.Tooltip("yearmonth(period):T", title=t("dash.axis.month", lang)),
                alt.Tooltip("source_label:N", title=t("dash.axis.source", lang)),
                alt.Tooltip("sum(tco2e):Q", title=tco2e, format=",.1f"),
            ],
        )
    )
    return _finish(chart, lang)


def ranking(frame: pl.DataFrame, title_key: str, lang: Lang, *, top: int = 10) -> alt.Chart:
    """Horizontal bars of the ``top`` largest emitters (``label``, ``tco2e``)."""
    data = frame.sort("tco2e", descending=True).head(top)
    tco2e = t("dash.unit.tco2e", lang)
    chart = (
        alt.Chart(data, title=t(title_key, lang), height=alt.Step(28))
        .mark_bar(color=SCOPE_COLOURS[0], cornerRadiusEnd=2)
        .encode(
            x=alt.X("tco2e:Q", title=t("dash.axis.emissions", lang, unit=tco2e)),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("label:N", title=t("dash.axis.name", lang)),
                alt.Tooltip("tco2e:Q", title=tco2e, format=",.1f"),
            ],
        )
    )
    return _finish(chart, lang)


def _frame_extent(data: pl.DataFrame, pad: float = 0.06) -> list[list[float]]:
    """[[west, south], [east, north]] around the points, padded so labels fit."""
    if data.is_empty():
        return [[106.7, 10.6], [107.5, 11.2]]  # Dong Nai's industrial belt
    return [
        [float(data["longitude"].min()) - pad, float(data["latitude"].min()) - pad],
        [float(data["longitude"].max()) + pad * 2.5, float(data["latitude"].max()) + pad],
    ]


def park_map(parks: pl.DataFrame, lang: Lang) -> alt.LayerChart:
    """Parks on their coordinates, circles sized by emissions (no map tiles: works offline).

    A 0.1° graticule around the parks gives a sense of distance (about 11 km per line).

    Args:
        parks: ``label``, ``latitude``, ``longitude``, ``tco2e`` (parks without coordinates
            are dropped).
        lang: the reader's language.
    """
    data = parks.drop_nulls(["latitude", "longitude"])
    tco2e = t("dash.unit.tco2e", lang)
    grid = (
        alt.Chart(alt.graticule(extent=_frame_extent(data), step=[0.1, 0.1]))
        .mark_geoshape(stroke="#d9d9d9", strokeWidth=0.6, fill=None)
        .project(type="mercator")
    )
    base = alt.Chart(data).project(type="mercator")
    circles = base.mark_circle(color=SCOPE_COLOURS[1], opacity=0.65, stroke="#7a3d00",
                               strokeWidth=1).encode(
        longitude="longitude:Q",
        latitude="latitude:Q",
        size=alt.Size("tco2e:Q", title=t("dash.axis.emissions", lang, unit=tco2e),
                      scale=alt.Scale(range=[40, 1800]),
                      legend=alt.Legend(orient="bottom", format=",.0f")),
        tooltip=[
            alt.Tooltip("label:N", title=t("dash.axis.park", lang)),
            alt.Tooltip("tco2e:Q", title=tco2e, format=",.0f"),
        ],
    )
    labels = (
        base.transform_window(rank="rank()", sort=[alt.SortField("tco2e", order="descending")])
        .transform_filter(alt.datum.rank <= MAP_LABELS)
        .mark_text(align="left", dx=8, dy=-6, fontSize=10, color="#333")
        .encode(longitude="longitude:Q", latitude="latitude:Q", text="label:N")
    )
    chart = alt.layer(grid, circles, labels).properties(
        title=t("dash.chart.map", lang), height=380
    )
    return _finish(chart, lang)


def energy_mix(frame: pl.DataFrame, lang: Lang) -> alt.Chart:
    """Energy use by carrier in tonnes of oil equivalent (``label``, ``energy_toe``)."""
    toe = t("dash.unit.toe", lang)
    chart = (
        alt.Chart(frame, title=t("dash.chart.energy_mix", lang), height=alt.Step(28))
        .mark_bar(color=SCOPE_COLOURS[2], cornerRadiusEnd=2)
        .encode(
            x=alt.X("energy_toe:Q", title=t("dash.axis.energy", lang, unit=toe)),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("label:N", title=t("dash.axis.carrier", lang)),
                alt.Tooltip("energy_toe:Q", title=toe, format=",.1f"),
                alt.Tooltip("energy_gj:Q", title=t("dash.unit.gj", lang), format=",.0f"),
            ],
        )
    )
    return _finish(chart, lang)


def intensity_trend(frame: pl.DataFrame, unit: str, lang: Lang) -> alt.Chart:
    """Yearly emission intensity (``year``, ``intensity``) in ``unit`` (already translated)."""
    chart = (
        alt.Chart(frame, title=t("dash.chart.intensity", lang), height=HEIGHT)
        .mark_line(point=True, color=SCOPE_COLOURS[0])
        .encode(
            x=alt.X("year:O", title=t("dash.axis.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("intensity:Q", title=t("dash.axis.intensity", lang, unit=unit)),
            tooltip=[
                alt.Tooltip("year:O", title=t("dash.axis.year", lang)),
                alt.Tooltip("intensity:Q", title=unit, format=",.3f"),
            ],
        )
    )
    return _finish(chart, lang)


def completeness_heatmap(frame: pl.DataFrame, lang: Lang) -> alt.Chart:
    """Which enterprise reported which month: ``label``, ``period``, ``rows`` (0 = missing).

    Months are an ordinal band (one cell per month, ``MM/YYYY``) and every enterprise a row
    of fixed height, so cells never collapse to zero size and labels never overlap; the
    legend says what the two colours mean.
    """
    reported, missing = t("dash.completeness.reported", lang), t("dash.completeness.missing", lang)
    data = frame.with_columns(
        pl.when(pl.col("rows") > 0).then(pl.lit(reported)).otherwise(pl.lit(missing))
        .alias("status"),
        pl.col("period").dt.strftime("%m/%Y").alias("month"),
    ).sort("period")
    months = data.get_column("month").unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(data, title=t("dash.chart.completeness", lang),
                  height=alt.Step(CELL_PX), width=alt.Step(CELL_PX * 2))
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("month:O", title=t("dash.axis.month", lang), sort=months,
                    axis=alt.Axis(labelAngle=-45, labelOverlap=True)),
            y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "status:N",
                title=t("dash.axis.status", lang),
                scale=alt.Scale(domain=[reported, missing], range=["#0f5257", "#f2c4b0"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("dash.axis.name", lang)),
                alt.Tooltip("month:O", title=t("dash.axis.month", lang)),
                alt.Tooltip("status:N", title=t("dash.axis.status", lang)),
                alt.Tooltip("rows:Q", title=t("dash.axis.rows", lang)),
            ],
        )
    )
    return _finish(chart, lang)
