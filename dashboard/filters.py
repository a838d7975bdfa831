"""The sidebar filters, read once per run into a frozen ``Filters``.

Why frozen and separate: pages never read widgets directly; they receive one hashable value
that also keys the data caches. The widgets keep their values across pages
(``persist_state="session"``), so a reviewer who picks 2024 on the overview still sees 2024 on
the Park page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from dashboard import data, views
from dashboard.ui import lang, tr
from metrics.factors import GWP_SETS as ALL_GWP_SETS
from metrics.inventory import CalcParams
from parkghg.i18n import t
from service.access import User

# The engine's default set first, then the others newest first (AR5, AR6, AR4).
_DEFAULT_GWP = CalcParams().gwp_set
GWP_SETS: tuple[str, ...] = (_DEFAULT_GWP,
                             *sorted(set(ALL_GWP_SETS) - {_DEFAULT_GWP}, reverse=True))
BASES: tuple[str, ...] = ("location", "market")
ALL = "__all__"
LINK_IGNORED = "_link_ignored"

Basis = Literal["location", "market"]


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see. ``None`` for park/sector means "all in my scope"."""

    year: int
    park_id: str | None = None
    sector_id: str | None = None
    gwp_set: str = "AR5"
    scope2_basis: Basis = "location"
    partial: bool = False  # the year's data are incomplete (labelled on every page)


def _from_link(param: str, options: list, store: str, widget_key: str) -> None:
    """Adopt ``?param=value`` from the page's URL when it names one of ``options``.

    The URL is input like any other: only a value among ``options`` (which come from the
    reader's scope) is taken, anything else is ignored with a notice. A value is adopted once
    (when the URL brings a value the app did not write itself), so the reader's later choices
    are not overwritten by the link they arrived with.
    """
    raw = st.query_params.get(param)
    seen = f"_link_seen_{param}"
    if raw is None or raw == st.session_state.get(seen):
        return
    st.session_state[seen] = raw
    match = next((o for o in options if str(o) == raw), None)
    if match is None:
        st.session_state.setdefault(LINK_IGNORED, []).append(param)
        return
    st.session_state[store] = match
    st.session_state[widget_key] = match


def remembered(widget, label: str, options: list, store: str, *, param: str | None = None,
               default: object = None, **kwargs: object):
    """A select/radio whose choice survives page switches and language changes, and is
    mirrored in the URL as ``?param=...`` so the page opens again from a link.

    The choice is kept under ``store`` (not the widget's key, which Streamlit drops when the
    page that drew it goes away); the widget key carries the language so its option labels
    are redrawn in the new language. ``default`` is preselected when nothing is stored.
    """
    widget_key = f"_{store}_{lang()}"
    if param:
        _from_link(param, options, store, widget_key)
    stored = st.session_state.get(store)
    if stored not in options:
        stored = default
    index = options.index(stored) if stored in options else 0
    if widget_key in st.session_state and st.session_state[widget_key] not in options:
        del st.session_state[widget_key]
    value = widget(label, options, index=index, key=widget_key, **kwargs)
    st.session_state[store] = value
    if param:
        st.query_params[param] = str(value)
        st.session_state[f"_link_seen_{param}"] = str(value)
    return value


def link_notice() -> None:
    """Say (once) which filters of the link the reader opened were not valid for them."""
    ignored = st.session_state.pop(LINK_IGNORED, None)
    if ignored:
        st.warning(tr("dash.link.ignored", params=", ".join(sorted(set(ignored)))),
                   icon=":material/link_off:")


def sidebar_filters(
    years: list[int],
    parks: dict[str, str],
    sectors: dict[str, str],
    *,
    fixed_park: str | None = None,
    show_park: bool = True,
    show_sector: bool = True,
    default_year: int | None = None,
    partial_years: set[int] | None = None,
) -> Filters:
    """Draw the filters in the sidebar and return the reader's choice.

    Args:
        years: years that have data, newest first (the newest is the default).
        parks: park_id → display name, only parks inside the reader's scope.
        sectors: sector_id → display name.
        fixed_park: a park user's own park; the park filter is then shown but locked.
        show_park: whether the page offers a park filter at all.
        show_sector: whether the page offers a sector filter at all.
        default_year: preselected year (the newest complete or mostly complete one).
        partial_years: years labelled "partial" in the year list.
    """
    with st.sidebar:
        st.subheader(tr("dash.filters.title"))
        partial = partial_years or set()
        lg = lang()
        year = remembered(
            st.selectbox, tr("dash.filters.year"), years or [0], "f_year", param="year",
            default=default_year,
            format_func=lambda y: (t("dash.year.partial", lg, year=y) if y in partial
                                   else str(y)) if y else "–",
        )
        park_id = fixed_park
        if show_park and fixed_park is None:
            choice = remembered(
                st.selectbox, tr("dash.filters.park"), [ALL, *parks], "f_park", param="park",
                format_func=lambda p: t("dash.filters.all_parks", lg) if p == ALL
                else parks[p],
            )
            park_id = None if choice == ALL else choice
        elif show_park and fixed_park is not None:
            st.selectbox(tr("dash.filters.park"), [fixed_park], disabled=True,
                         format_func=lambda p: parks.get(p, p), key=f"_f_park_fixed_{lang()}")
        sector_id = None
        if show_sector:
            choice = remembered(
                st.selectbox, tr("dash.filters.sector"), [ALL, *sectors], "f_sector",
                param="sector",
                format_func=lambda s: t("dash.filters.all_sectors", lg) if s == ALL
                else sectors[s],
            )
            sector_id = None if choice == ALL else choice
        with st.expander(tr("dash.filters.method"), icon=":material/tune:"):
            gwp = remembered(st.radio, tr("dash.filters.gwp"), list(GWP_SETS), "f_gwp",
                             param="gwp",
                              horizontal=True, help=tr("dash.filters.gwp_help"))
            basis = remembered(st.radio, tr("dash.filters.basis"), list(BASES), "f_basis",
                               param="basis",
                                horizontal=True, help=tr("dash.filters.basis_help"),
                                format_func=lambda b: t(f"dash.filters.basis_{b}", lg))
    link_notice()
    return Filters(year=int(year), park_id=park_id, sector_id=sector_id, gwp_set=gwp,
                   scope2_basis=basis, partial=int(year) in (partial_years or set()))


def for_user(user: User, *, show_park: bool = True, show_sector: bool = True) -> Filters:
    """The sidebar filters with the options of ``user``'s scope (park users: their park)."""
    scope = user.scope
    # once per data version (every page's sidebar asks), from the enterprise-months kept
    # patched per upload rather than the whole scope's activity rows
    years, coverage = data.derived(scope, "filters.years", (), lambda: (
        views.years(data.activity_months(scope)),
        views.year_coverage(data.activity_months(scope))))
    return sidebar_filters(
        years,
        data.park_names(scope, lang()),
        data.sector_names(scope, lang()),
        default_year=views.default_year(coverage),
        partial_years={y for y, c in coverage.items() if c.partial},
        fixed_park=user.park_id,
        show_park=show_park and user.role != "enterprise",
        show_sector=show_sector and user.role != "enterprise",
    )
