"""Insert many rows in the session's transaction, by ``COPY`` where the database has it.

On PostgreSQL (psycopg 3) one ``COPY ... FROM STDIN`` carries all the rows: the server parses
and plans one statement instead of one per row, and the rows go as one stream. Constraints,
foreign keys, CHECKs and indexes apply to every row exactly as with ``INSERT``, and the rows
are part of the session's transaction (a rollback removes them). Elsewhere (SQLite) it is an
``executemany`` of one ``INSERT``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from psycopg import sql
from sqlalchemy import Table, Text, bindparam, cast, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Row = tuple[Any, ...]


def insert_rows(
    db: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    json_text: Collection[str] = (),
) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``.

    ``json_text`` names JSON columns whose values are already encoded as JSON text (the
    database still checks that it is JSON; SQLite stores it as it is).
    """
    if not rows:
        return
    connection = db.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(connection.connection.driver_connection, table, columns, rows, json_text, dialect)
        return
    # A bind parameter of its own for a pre-encoded column, so it is not encoded again.
    names = [f"{c}__text" if c in json_text else c for c in columns]
    encoded = {c: _text_param(f"{c}__text", table.c[c].type, dialect.name) for c in json_text}
    db.execute(insert(table).values(encoded), [dict(zip(names, row, strict=True)) for row in rows])


def _text_param(name: str, column_type: Any, dialect_name: str) -> Any:
    text = bindparam(name, type_=Text())
    return cast(text, column_type) if dialect_name == "postgresql" else text


def _copy(
    raw: Any,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Row],
    json_text: Collection[str],
    dialect: Any,
) -> None:
    # The column types' own bind conversions (e.g. UTCDateTime), which COPY would skip.
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for i, name in enumerate(columns):
        processor = None if name in json_text else table.c[name].type.bind_processor(dialect)
        if processor is not None:
            convert.append((i, processor))
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if convert:
                    values = list(row)
                    for i, process in convert:
                        values[i] = process(values[i])
                    row = tuple(values)
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as exc:
        # The same exception as an INSERT would raise (e.g. IntegrityError), not psycopg's own.
        raise DBAPIError.instance(
            statement.as_string(raw), None, exc, dialect.loaded_dbapi.Error, dialect=dialect
        ) from exc
