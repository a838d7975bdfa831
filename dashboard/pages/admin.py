"""Admin: user accounts, the emission-factor library, period locks."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, cells, data, sections, views
from dashboard.filters import Filters, for_user
from dashboard.ui import action_guard, lang, num, page_guard, tr
from parkghg.i18n import t
from service.access import USER_ROLES, User

FLASH_KEY = "admin_flash"
FACTOR_PAGE_SIZE = 25


def _done(message: str) -> None:
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _users_table(user: User) -> pl.DataFrame:
    accounts = data.users_frame(user.scope)
    shown = accounts.select(
        "username", cells.text("display_name"), cells.label("role", "dash.role.", lang()),
        pl.coalesce("enterprise_id", "park_id").fill_null(cells.DASH).alias("reach"),
        pl.when(pl.col("disabled")).then(pl.lit(tr("dash.admin.disabled")))
        .otherwise(pl.lit(tr("dash.admin.active"))).alias("state"),
        cells.when("last_login_at", lang()),
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="users_table", column_config={
        "username": tr("dash.col.username"), "display_name": tr("dash.col.display_name"),
        "role": tr("dash.col.role"), "reach": tr("dash.col.reach"),
        "state": tr("dash.col.state"), "last_login_at": tr("dash.col.last_login"),
    })
    return accounts


def _add_user(user: User) -> None:
    lg = lang()
    ents = data.enterprises(user.scope)
    parks = data.park_names(user.scope, lang())
    with st.form("add_user", border=True):
        st.markdown(f"**{tr('dash.admin.add_user')}**")
        left, right = st.columns(2)
        username = left.text_input(tr("dash.col.username"), key="new_username")
        display = right.text_input(tr("dash.col.display_name"), key="new_display")
        role = left.selectbox(tr("dash.col.role"), USER_ROLES, key="new_role",
                              format_func=lambda r: t(f"dash.role.{r}", lg))
        password = right.text_input(tr("dash.signin.password"), type="password",
                                    key="new_password", help=tr("dash.admin.password_help"))
        labels = dict(zip(ents["enterprise_id"], ents["name"], strict=True))
        ent = left.selectbox(tr("dash.admin.enterprise_for"), [None, *labels], key="new_ent",
                             format_func=lambda e: "–" if e is None else f"{labels[e]} · {e}")
        park = right.selectbox(tr("dash.admin.park_for"), [None, *parks], key="new_park",
                               format_func=lambda p: "–" if p is None else parks[p])
        if st.form_submit_button(tr("dash.admin.create"), type="primary",
                                 icon=":material/person_add:"):
            with action_guard():
                created = data.create_account(
                    user, username=username, role=role, password=password or None,
                    display_name=display or None,
                    enterprise_id=ent if role == "enterprise" else None,
                    park_id=park if role == "park" else None,
                )
                _done(tr("dash.admin.created", username=created.username))


def _toggle_user(user: User, accounts: pl.DataFrame) -> None:
    others = accounts.filter(pl.col("username") != user.username)
    if others.is_empty():
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    states = dict(zip(others["username"], others["disabled"], strict=True))
    name = left.selectbox(tr("dash.admin.pick_user"), list(states), key="toggle_user")
    disabled = states[name]
    label = tr("dash.admin.enable") if disabled else tr("dash.admin.disable")
    if right.button(label, key="toggle_user_go", width="stretch",
                    icon=":material/lock_open:" if disabled else ":material/block:"):
        with action_guard():
            data.set_disabled(user, name, not disabled)
            key = "dash.admin.enabled_msg" if disabled else "dash.admin.disabled_msg"
            _done(tr(key, username=name))
    # An owner waiting after someone's wrong guesses can be let in at once (issue 10 item 8).
    if data.sign_in_waiting(name):
        st.caption(tr("auth.unlock_waiting"))
    if st.button(tr("auth.unlock_button"), key="unlock_user_go", icon=":material/lock_reset:"):
        with action_guard():
            cleared = data.unlock_sign_in(user, name)
            _done(tr("auth.sign_in_unlocked", username=name, n=cleared))


def _factors(user: User) -> None:
    lg = lang()
    library = data.factors(user.scope)
    st.caption(tr("dash.admin.factors_help", n=num(library.height)))
    kinds = sorted(library.get_column("kind").unique().to_list())
    left, right = st.columns([2, 3])
    kind = left.selectbox(tr("dash.admin.factor_kind"), [None, *kinds], key="factor_kind",
                          format_func=lambda k: t("dash.admin.all_kinds", lg) if k is None
                          else k)
    needle = right.text_input(tr("dash.admin.factor_search"), key="factor_search")
    shown = library if kind is None else library.filter(pl.col("kind") == kind)
    if needle:
        shown = shown.filter(
            pl.concat_str("factor_id", "fuel_or_item", "source", separator=" ", ignore_nulls=True)
            .str.to_lowercase().str.contains(needle.lower(), literal=True)
        )
    pages = max(1, -(-shown.height // FACTOR_PAGE_SIZE))
    page = st.number_input(tr("dash.inventory.page", pages=pages), min_value=1, max_value=pages,
                           value=1, key="factor_page") if pages > 1 else 1
    st.dataframe(views.page_of(shown, int(page), FACTOR_PAGE_SIZE), hide_index=True,
                 width="stretch", key="factor_table")
    st.download_button(tr("dash.admin.factors_download"), data.factors_csv(user.scope),
                       file_name="parkghg_factors.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", key="factors_csv")
    upload = st.file_uploader(tr("dash.admin.factors_upload"), type=["csv", "xlsx"],
                              key="factor_file",
                              help=tr("dash.admin.factors_upload_help"))
    if upload is not None and st.button(tr("dash.admin.factors_import"), key="factor_import",
                                        type="primary", icon=":material/upload:"):
        with action_guard():
            result = data.import_factor_file(user, upload.getvalue(), upload.name)
            _done(tr("dash.admin.factors_imported", n=num(result.row_count)))


def _locks(user: User, f: Filters) -> None:
    locks = data.locks(user.scope)
    if locks.height:
        summary = (
            locks.with_columns(pl.col("period").dt.year().alias("year"))
            .group_by("park_id", "year").agg(pl.len().alias("months"))
            .sort("year", "park_id", descending=[True, False])
        )
        st.dataframe(summary, hide_index=True, width="stretch", key="locks_summary",
                     column_config={"park_id": tr("dash.col.park"),
                                    "year": st.column_config.NumberColumn(
                                        tr("dash.axis.year"), format="%d"),
                                    "months": tr("dash.admin.locked_months")})
    else:
        st.caption(tr("dash.admin.no_locks"))
    sections.locks_panel(user, f, _done)


def main(user: User) -> None:
    f = for_user(user, show_sector=False)
    st.title(tr("dash.admin.title"))
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    users_tab, factors_tab, locks_tab = st.tabs(
        [tr("dash.admin.tab_users"), tr("dash.admin.tab_factors"), tr("dash.admin.tab_locks")]
    )
    with users_tab:
        accounts = _users_table(user)
        _toggle_user(user, accounts)
        _add_user(user)
    with factors_tab:
        _factors(user)
    with locks_tab:
        _locks(user, f)


with page_guard():
    main(auth.require_user())
