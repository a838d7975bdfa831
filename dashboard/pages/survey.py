"""Needs survey: an enterprise answers the questionnaire; reviewers see rates and answers.

The form is drawn from the survey definition (``parkghg/surveys/*.toml``), so a new survey
round needs no code; the answers pass the same checks as an answers file.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, data
from dashboard.programme_charts import choice_shares, response_rates
from dashboard.ui import action_guard, lang, num, page_guard, tr
from parkghg.survey import Question
from service.access import User

FLASH_KEY = "survey_flash"


def _widget(q: Question, current: object) -> object:
    label = q.text(lang()) + (" *" if q.required else "")
    key = f"survey_{q.id}"
    if q.type == "single":
        ids = [c.id for c in q.choices]
        return st.radio(label, ids, index=ids.index(current) if current in ids else None,
                        format_func=lambda i: q.choice(i).label(lang()), key=key)
    if q.type == "multi":
        ids = [c.id for c in q.choices]
        return st.multiselect(label, ids, default=[v for v in (current or []) if v in ids],
                              format_func=lambda i: q.choice(i).label(lang()), key=key,
                              placeholder=tr("programme.dash.pick"))
    if q.type == "bool":
        options = [True, False]
        return st.radio(label, options, index=options.index(current)
                        if isinstance(current, bool) else None, horizontal=True,
                        format_func=lambda v: tr("programme.yes" if v else "programme.no"),
                        key=key)
    if q.type in ("number", "scale"):
        value = st.number_input(label, min_value=q.min, max_value=q.max,
                                value=float(current) if isinstance(current, int | float) else None,
                                key=key, help=q.unit_in(lang()))
        return value
    return st.text_area(label, value=current or "", max_chars=int(q.max or 2000), key=key)


def _form(user: User, enterprise_id: str) -> None:
    definition = data.survey_definition()
    current = data.survey_answers(user.scope, enterprise_id) or {}
    names = dict(data.enterprises(user.scope).select("enterprise_id", "name").iter_rows())
    st.caption(tr("programme.dash.answering_for", name=names.get(enterprise_id, ""),
                  id=enterprise_id))
    st.caption(definition.intro_vi if lang() == "vi" else definition.intro_en)
    if current:
        st.info(tr("programme.dash.already_answered"), icon=":material/history:")
    with st.form("survey_form", border=True):
        answers: dict[str, object] = {}
        for section in definition.sections:
            st.subheader(section.title(lang()))
            for q in section.questions:
                answers[q.id] = _widget(q, current.get(q.id))
        sent = st.form_submit_button(tr("programme.dash.submit"), type="primary",
                                     icon=":material/send:")
    if sent:
        with action_guard():
            response_id = data.submit_survey(user, enterprise_id, answers)
            st.session_state[FLASH_KEY] = tr("programme.dash.saved", id=response_id)
            st.rerun()


def _results(user: User) -> None:
    definition = data.survey_definition()
    results = data.survey_results(user.scope, user.park_id)
    rate = results.response_rate_frac
    c1, c2 = st.columns(2)
    c1.metric(tr("programme.dash.respondents"), num(results.respondents))
    c2.metric(tr("programme.dash.rate"), "–" if rate is None else f"{num(rate * 100, 1)} %")
    parks = data.park_names(user.scope, lang())
    rates = results.rates_by_park.filter(pl.col("group") != "*").with_columns(
        label=pl.col("group").replace_strict(parks, default=pl.col("group")))
    if rates.height:
        st.subheader(tr("programme.dash.rates_by_park"))
        st.altair_chart(response_rates(rates, tr("programme.dash.rate_axis")), width="stretch")
    st.subheader(tr("programme.dash.answers"))
    choices = results.choices
    for q in definition.questions:
        rows = choices.filter(pl.col("question_id") == q.id)
        if rows.height == 0 or not rows["answered"][0]:
            continue
        labels = {c.id: c.label(lang()) for c in q.choices} | {
            "yes": tr("programme.yes"), "no": tr("programme.no")}
        rows = rows.with_columns(label=pl.col("choice_id").replace_strict(labels))
        st.markdown(tr("programme.dash.question_line", question=q.text(lang()),
                       n=num(rows["answered"][0])))
        st.altair_chart(choice_shares(rows, tr("programme.dash.share_axis")), width="stretch")


def _import(user: User) -> None:
    st.subheader(tr("programme.dash.import_title"))
    st.caption(tr("programme.dash.import_help"))
    upload = st.file_uploader(tr("programme.dash.import_file"), type=["csv", "xlsx"],
                              key="survey_file")
    if upload is not None and st.button(tr("programme.dash.import_button"),
                                        key="survey_import", icon=":material/upload:"):
        with action_guard():
            ids = data.import_survey_file(user, upload.getvalue(), upload.name)
            st.session_state[FLASH_KEY] = tr("programme.dash.imported", n=len(ids))
            st.rerun()


def main(user: User) -> None:
    definition = data.survey_definition()
    st.title(definition.title(lang()))
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    if user.role == "enterprise" and user.enterprise_id:
        _form(user, user.enterprise_id)
        return
    _results(user)
    with st.container(border=True):
        _import(user)


with page_guard():
    main(auth.require_user())
