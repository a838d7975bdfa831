"""DuckDB SQL as PostgreSQL understands it, by sqlglot, cached per statement text.

Why translate rather than keep two copies of every query: the warehouse's SQL is written once
(DuckDB dialect, ``?`` parameters) and ``sqlglot`` knows both dialects. What sqlglot leaves in
DuckDB's words is rewritten here on its syntax tree, never by regular expressions on text:

* ``GROUP BY ALL`` becomes the positions of the select items that hold no aggregate, and
  ``ORDER BY ALL`` the positions of all of them (not after a ``*``: that stays an error);
* ``arg_max(v, k)``/``arg_min`` become the first of ``array_agg(v ORDER BY k)`` over rows
  whose ``k`` is not NULL (DuckDB's meaning);
* ``unnest(?)`` of a bare parameter becomes ``unnest(CAST(? AS TEXT[]))``;
* ``hash(a, b)`` / ``hash(COLUMNS(*))`` become ``hashtextextended`` of the row's text;
* ``make_date(y, m, d)`` stays ``make_date`` (PostgreSQL has it; sqlglot writes a Snowflake name);
* ``?`` placeholders become psycopg's ``%s``, and a literal ``%`` becomes ``%%`` so it is not
  read as one;
* ``QUALIFY`` becomes a sub-query with a helper column ``_w``; the caller drops that column from
  results (:attr:`Translated.drop_columns`).

``INSERT … BY NAME`` and ``SELECT * EXCLUDE`` need the tables' columns, so the connection
(``warehouse.pg``) expands them before translating.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp

_PLACEHOLDER = "__parkghg_param__"


@dataclass(frozen=True)
class Translated:
    """PostgreSQL statements for one DuckDB text, and helper columns to hide from results."""

    statements: tuple[str, ...]
    has_params: tuple[bool, ...]
    #: Per statement: ``ORDER BY ALL`` after a ``*`` was removed; sort by every output column.
    order_by_all: tuple[bool, ...]
    drop_columns: frozenset[str]


def _group_by_all(select: exp.Select) -> None:
    group = select.args.get("group")
    if group is None or not group.args.get("all"):
        return
    positions = [
        exp.Literal.number(i + 1)
        for i, item in enumerate(select.expressions)
        if not item.find(exp.AggFunc) and not item.find(exp.Window)
    ]
    if positions:
        select.set("group", exp.Group(expressions=positions))
    else:
        select.set("group", None)


def _hash(node: exp.Anonymous) -> exp.Expression:
    """DuckDB's ``hash(...)`` (a change detector, never stored) as a 64-bit text hash."""
    args = node.expressions
    if len(args) == 1 and isinstance(args[0], exp.Columns):
        select = node.find_ancestor(exp.Select)
        table = select.args["from_"].this if select is not None else None
        text = (table.alias_or_name if isinstance(table, exp.Table) else "*")
    elif len(args) == 1:
        text = f"CAST({args[0].sql(dialect='postgres')} AS TEXT)"
    else:
        inner = ", ".join(a.sql(dialect="postgres") for a in args)
        text = f"ROW({inner})"
    return sqlglot.parse_one(f"hashtextextended(CAST({text} AS TEXT), 0)", read="postgres")


def _order_by_all(select: exp.Select) -> None:
    order = select.args.get("order")
    if order is None or len(order.expressions) != 1:
        return
    only = order.expressions[0]
    if not (isinstance(only.this, exp.Var) and only.this.name.upper() == "ALL"):
        return
    if any(item.find(exp.Star) for item in select.expressions):
        # The columns of a star are not known here: the connection counts them at run time.
        select.set("order", None)
        select.meta["order_by_all"] = True
        return
    select.set("order", exp.Order(expressions=[
        exp.Ordered(this=exp.Literal.number(i + 1), desc=only.args.get("desc"))
        for i in range(len(select.expressions))]))


def _rewrite(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Select):
        _group_by_all(node)
        _order_by_all(node)
        return node
    if (isinstance(node, exp.Explode) and isinstance(node.this, exp.Var)
            and node.this.name == _PLACEHOLDER):
        # ``unnest(?)`` of a Python list: psycopg sends strings untyped and PostgreSQL cannot
        # pick an ``unnest``; every such list in the warehouse is of text.
        node.set("this", exp.Cast(this=node.this, to=exp.DataType.build("TEXT[]")))
        return node
    if isinstance(node, exp.Anonymous) and node.name.lower() == "hash":
        return _hash(node)
    if isinstance(node, exp.ArgMax | exp.ArgMin):
        value = node.this.sql(dialect="postgres")
        key = node.expression.sql(dialect="postgres")
        order = "DESC" if isinstance(node, exp.ArgMax) else "ASC"
        return sqlglot.parse_one(
            f"(ARRAY_AGG({value} ORDER BY {key} {order}) FILTER (WHERE {key} IS NOT NULL))[1]",
            read="postgres")
    if isinstance(node, exp.DateFromParts):
        return exp.Anonymous(this="make_date", expressions=[
            node.args["year"], node.args["month"], node.args["day"]])
    return node


def parse_duckdb(sql: str) -> list[exp.Expression | None]:
    """sqlglot's trees of a DuckDB text (a cast straight on a placeholder, ``?::DATE[]``,
    is not understood by its reader: it gets brackets first)."""
    return sqlglot.parse(sql.replace("?::", "(?)::"), read="duckdb")


@lru_cache(maxsize=2048)
def translate(sql: str) -> Translated:
    """The PostgreSQL form of ``sql`` (one or more statements), cached by text."""
    statements: list[str] = []
    has_params: list[bool] = []
    order_all: list[bool] = []
    drop: set[str] = set()
    for tree in parse_duckdb(sql):
        if tree is None:
            continue
        has_params.append(tree.find(exp.Placeholder) is not None)
        had_qualify = any(s.args.get("qualify") for s in tree.find_all(exp.Select))
        # Placeholders first: the rewrites below may render their arguments as text.
        tree = tree.transform(lambda n: exp.Var(this=_PLACEHOLDER)
                              if isinstance(n, exp.Placeholder) else n)
        tree = tree.transform(_rewrite)
        order_all.append(isinstance(tree, exp.Select) and bool(tree.meta.get("order_by_all")))
        text = tree.sql(dialect="postgres")
        if had_qualify:
            drop.add("_w")
        text = text.replace("%", "%%").replace(_PLACEHOLDER, "%s")
        statements.append(text)
    return Translated(tuple(statements), tuple(has_params), tuple(order_all),
                      frozenset(drop))
