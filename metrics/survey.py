"""Needs-survey results: response rates and aggregated answers, as pure functions of frames.

Why here: the survey's numbers go into the dashboard, the workshop pack and the annual
programme summary, and must be the same numbers in all three (the report tests compare them).
Every share states its denominator: a rate is over the enterprises in the registry; a choice's
share is over the enterprises that answered that question, never over all respondents.
"""

from __future__ import annotations

import json

import polars as pl

from parkghg.survey import Question, SurveyDefinition

_RATE_SCHEMA = {"group": pl.String, "enterprises": pl.UInt32, "responded": pl.UInt32,
                "response_rate_frac": pl.Float64}
_COUNT_SCHEMA = {"question_id": pl.String, "choice_id": pl.String, "respondents": pl.UInt32,
                 "answered": pl.UInt32, "chosen": pl.UInt32, "share_frac": pl.Float64}


def parsed_answers(responses: pl.DataFrame) -> list[tuple[str, dict]]:
    """(enterprise_id, answers dict) of each current answer sheet."""
    return [(e, json.loads(a)) for e, a in
            responses.select("enterprise_id", "answers").iter_rows()]


def response_rates(registry: pl.DataFrame, responses: pl.DataFrame, by: str) -> pl.DataFrame:
    """Per ``by`` (``park_id`` or ``sector_id``): enterprises, respondents, rate (0–1).

    ``registry`` is the enterprises the reader may see (the denominator); ``responses`` the
    current answer sheets. A last row ``group = "*"`` is the whole scope.
    """
    responded = set(responses["enterprise_id"].to_list()) if responses.height else set()
    base = registry.select("enterprise_id", pl.col(by).cast(pl.String).alias("group")).with_columns(
        answered=pl.col("enterprise_id").is_in(list(responded)))
    per = (base.group_by("group")
           .agg(enterprises=pl.len().cast(pl.UInt32),
                responded=pl.col("answered").sum().cast(pl.UInt32))
           .sort("group"))
    total = pl.DataFrame({"group": ["*"], "enterprises": [base.height],
                          "responded": [int(base["answered"].sum()) if base.height else 0]},
                         schema={"group": pl.String, "enterprises": pl.UInt32,
                                 "responded": pl.UInt32})
    out = pl.concat([per, total])
    return out.with_columns(response_rate_frac=pl.when(pl.col("enterprises") > 0)
                            .then(pl.col("responded") / pl.col("enterprises"))
                            .otherwise(None)).cast(_RATE_SCHEMA)


def choice_counts(definition: SurveyDefinition, responses: pl.DataFrame) -> pl.DataFrame:
    """For every single/multi/bool question and choice: how many chose it, and the share.

    ``answered`` counts the sheets that answered the question; ``share_frac`` = chosen /
    answered (a multi question's shares may add up to more than 1). Bool questions have the
    choices ``yes`` and ``no``.
    """
    sheets = parsed_answers(responses)
    rows: list[dict] = []
    for q in definition.questions:
        if q.type not in ("single", "multi", "bool"):
            continue
        given = [a[q.id] for _, a in sheets if a.get(q.id) not in (None, "", [])]
        for choice_id in _choice_ids(q):
            chosen = sum(1 for v in given if _picked(q, v, choice_id))
            rows.append({"question_id": q.id, "choice_id": choice_id,
                         "respondents": len(sheets), "answered": len(given), "chosen": chosen,
                         "share_frac": chosen / len(given) if given else None})
    return pl.DataFrame(rows, schema=_COUNT_SCHEMA)


def number_summary(definition: SurveyDefinition, responses: pl.DataFrame) -> pl.DataFrame:
    """For every number/scale question: answered, mean, median, min, max."""
    sheets = parsed_answers(responses)
    rows = []
    for q in definition.questions:
        if q.type not in ("number", "scale"):
            continue
        values = pl.Series([float(a[q.id]) for _, a in sheets
                            if isinstance(a.get(q.id), int | float)
                            and not isinstance(a.get(q.id), bool)], dtype=pl.Float64)
        rows.append({"question_id": q.id, "unit": q.unit, "answered": values.len(),
                     "mean": values.mean(), "median": values.median(),
                     "min": values.min(), "max": values.max()})
    return pl.DataFrame(rows, schema={"question_id": pl.String, "unit": pl.String,
                                      "answered": pl.UInt32, "mean": pl.Float64,
                                      "median": pl.Float64, "min": pl.Float64,
                                      "max": pl.Float64})


def feed_signals(definition: SurveyDefinition, responses: pl.DataFrame) -> pl.DataFrame:
    """Per enterprise, what other parts of parkghg read from its answers (by ``feeds``).

    Columns: ``jcm_interest`` (the choice id of the ``jcm:interest`` question) and
    ``planned_technologies`` (choice ids of the ``jcm:planned`` question, ``;``-joined), read
    by the JCM candidate list. The scorecard reads the cleaner-production answers through
    :func:`park_recp_values`.
    """
    def first(feed: str) -> Question | None:
        return next((q for q in definition.questions if feed in q.feeds), None)

    interest, planned = first("jcm:interest"), first("jcm:planned")
    rows = []
    for enterprise_id, a in parsed_answers(responses):
        plans = a.get(planned.id) if planned else None
        rows.append({
            "enterprise_id": enterprise_id,
            "jcm_interest": a.get(interest.id) if interest else None,
            "planned_technologies": ";".join(plans) if isinstance(plans, list) else None,
        })
    return pl.DataFrame(rows, schema={"enterprise_id": pl.String, "jcm_interest": pl.String,
                                      "planned_technologies": pl.String})


def _choice_ids(q: Question) -> list[str]:
    return ["yes", "no"] if q.type == "bool" else [c.id for c in q.choices]


def _picked(q: Question, value: object, choice_id: str) -> bool:
    if q.type == "bool":
        return value is (choice_id == "yes")
    if q.type == "multi":
        return isinstance(value, list) and choice_id in value
    return value == choice_id


def park_recp_values(definition: SurveyDefinition, responses: pl.DataFrame,
                     registry: pl.DataFrame) -> pl.DataFrame:
    """Per park, from the question that feeds ``scorecard:cleaner_production`` (choices
    ``unaware``/``aware``/``applied``): the share of responding enterprises
    aware of RECP (``aware`` or ``applied``) and the share applying it (``applied``).

    Rows in the scorecard's value layout: ``park_id, indicator, value, respondents`` with the
    indicators ``recp_aware_frac`` and ``recp_applying_frac`` (the eco-park criteria's own
    names). The denominator is the park's enterprises that answered the question.
    """
    question = next((q for q in definition.questions
                     if "scorecard:cleaner_production" in q.feeds), None)
    rows = [] if question is None else [
        (e, a.get(question.id)) for e, a in parsed_answers(responses)
        if a.get(question.id) not in (None, "")]
    frame = pl.DataFrame(rows, schema={"enterprise_id": pl.String, "answer": pl.String},
                         orient="row")
    joined = frame.join(registry.select("enterprise_id", "park_id"), on="enterprise_id")
    per = joined.group_by("park_id").agg(
        respondents=pl.len().cast(pl.UInt32),
        recp_aware_frac=pl.col("answer").is_in(["aware", "applied"]).mean(),
        recp_applying_frac=(pl.col("answer") == "applied").mean())
    return per.unpivot(index=["park_id", "respondents"],
                       on=["recp_aware_frac", "recp_applying_frac"],
                       variable_name="indicator", value_name="value").sort("park_id",
                                                                            "indicator")
