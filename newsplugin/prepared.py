"""Querysets built and compiled to SQL once per process, then run with new values.

An article page runs the same few queries on every request, with different values:
the pages along the address, More From Author, the translations, the sections.
Django builds each queryset (filters, subqueries, annotations) and compiles it to
SQL again every time, which costs several times what PostgreSQL takes to answer.
``PreparedQuery`` builds the queryset once with stand-in values, compiles it, notes
where each stand-in landed among the SQL parameters, and from then on only puts the
request's values in their places, runs the SQL and makes the model instances as
Django would (``select_related()`` objects and annotations included).

It prepares only what it can check: values that are whole numbers, strings,
UUIDs or aware datetimes (or lists of them, whose lengths are part of the query's
shape), each found among the parameters as itself, as text, as hex (a UUID on
SQLite), as the database stores a datetime (text on SQLite) or as the prefix of a
``startswith`` pattern. Anything else, and any shape whose first
preparation does not give the very SQL and parameters of the plain queryset, is
run as a plain queryset, always.
"""

import copy
import uuid
import weakref
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver

# Stand-in values far from any a site stores: whole numbers near the top of a
# 32-bit key, text no slug or path can hold.
_INT_BASE = 2_000_000_017
_TEXT_MARK = "\x1fnewsplugin-prepared-{}\x1f"
_DATETIME_BASE = datetime(2999, 1, 1, tzinfo=UTC)


class _Unpreparable(Exception):
    pass


def _shape(values):
    """The part of ``values`` that changes the SQL: types, list lengths, and which items
    of a list are equal (Django drops repeats from ``IN``); raises ``_Unpreparable`` for
    a value this module does not place."""
    shape = []
    for value in values:
        if isinstance(value, list | tuple):
            kinds = tuple(_kind(item) for item in value)
            shape.append(("list", kinds, tuple(value.index(item) for item in value)))
        else:
            shape.append(_kind(value))
    return tuple(shape)


def _kind(value):
    if isinstance(value, bool) or value is None:
        raise _Unpreparable
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "str"
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return "datetime"
    raise _Unpreparable


def _stand_in(value, n):
    if isinstance(value, int):
        return _INT_BASE + n
    if isinstance(value, str):
        return _TEXT_MARK.format(n)
    if isinstance(value, datetime):
        return _DATETIME_BASE + timedelta(microseconds=n)
    return uuid.UUID(int=(0xA5A5 << 112) + n)


def _stand_ins(values):
    """Stand-ins of the same types and shape as ``values`` (equal items of a list get
    the same one); one for each item of ``_flatten(values)``; and the positions in
    that list of those the stand-ins use."""
    flat = [_stand_in(value, n) for n, value in enumerate(_flatten(values))]
    markers, used, position = [], set(), 0
    for value in values:
        if isinstance(value, list | tuple):
            firsts = [position + value.index(item) for item in value]
            markers.append([flat[first] for first in firsts])
            used.update(firsts)
            position += len(value)
        else:
            markers.append(flat[position])
            used.add(position)
            position += 1
    return markers, flat, used


def _flatten(values):
    flat = []
    for value in values:
        if isinstance(value, list | tuple):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


def _renderings(marker, connection):
    """How a stand-in may appear among the parameters: (rendering, how to make the same
    of a real value)."""
    found = [(marker, lambda value: value)]
    if isinstance(marker, uuid.UUID):
        found += [(marker.hex, lambda value: value.hex), (str(marker), str)]
    elif isinstance(marker, int):
        found.append((str(marker), str))
    elif isinstance(marker, datetime):
        adapt = connection.ops.adapt_datetimefield_value
        found.append((adapt(marker), adapt))
    return found


class _Compiled:
    """One shape of a prepared query, compiled."""

    def __init__(self, queryset, compiler, sql, slots):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        # For each SQL parameter: (index into the flat values, maker) or (None, constant).
        self.slots = slots

    def params(self, flat, connection):
        params = []
        for index, make in self.slots:
            if index is None:
                params.append(make)
            else:
                params.append(make(flat[index], connection))
        return params

    def run(self, flat):
        """The model instances (or rows) the query gives for these values."""
        queryset = self.queryset._chain()
        connection = connections[queryset.db]
        compiler = copy.copy(self.compiler)
        # The connection of this thread, not of the one that compiled the query.
        compiler.connection = connection
        sql, params = self.sql, self.params(flat, connection)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        # Django's own iterable makes the instances; this clone is evaluated here and
        # dropped, so nothing can refine it into another query with this compiler.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        with server_prepared(connection):
            return list(queryset)


@contextmanager
def server_prepared(connection):
    """Inside, queries are prepared on the PostgreSQL server: parsed and planned once
    per connection, and after five runs planned once for all values when PostgreSQL
    finds that as good. Only with psycopg 3 and server-side binding (Django's
    ``OPTIONS["server_side_binding"]``); elsewhere it changes nothing.

    For the prepared queries of this module only, whose values are ids, paths and
    keys: a query filtering on a value as unevenly spread as a comment's moderation
    status got a plan for all values that took 85 times as long (``make bench-scale``).
    """
    if connection.vendor != "postgresql" or not connection.features.uses_server_side_binding:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.prepare_threshold
    raw.prepare_threshold = 0  # this query: prepare it now (or use it, prepared before)
    try:
        yield
    finally:
        raw.prepare_threshold = previous


def _slot_for(param, markers, connection):
    """(index, maker) for a parameter that is a stand-in's rendering, (None, param) for
    one that holds no stand-in; raises ``_Unpreparable`` for anything in between."""
    for index, marker in enumerate(markers):
        if isinstance(marker, int) and isinstance(param, int) and not isinstance(param, bool):
            if int(param) == marker:
                # As the database driver was given it (psycopg's Int4 for some lookups).
                wrap = type(param)
                return index, lambda value, connection, wrap=wrap: wrap(value)
            continue
        for rendering, render in _renderings(marker, connection):
            if type(param) is type(rendering) and param == rendering:
                return index, lambda value, connection, render=render: render(value)
        if isinstance(marker, str) and isinstance(param, str) and marker in param:
            # A startswith pattern: the value, its LIKE wildcards escaped, then "%".
            if param == marker + "%":
                return index, lambda value, connection: (
                    connection.ops.prep_for_like_query(value) + "%"
                )
            raise _Unpreparable
    if isinstance(param, str) and "newsplugin-prepared-" in param:
        raise _Unpreparable
    if isinstance(param, int) and _INT_BASE <= param < _INT_BASE + len(markers):
        raise _Unpreparable
    return None, param


class PreparedQuery:
    """``build(*values)``, a queryset of ``model``, prepared once per database and
    shape of the values.

    ``query(*values)`` returns the list the queryset gives: run from the SQL compiled
    before when the shape could be prepared, else from ``build(*values)``. ``build``
    must use the values only as values in the queryset (compare, filter, annotate
    with them), never decide anything from them: the stand-ins take their place.
    """

    def __init__(self, model, build):
        self.model = model
        self.build = build
        self._compiled = {}
        _PREPARED.add(self)

    def __call__(self, *values):
        try:
            shape = _shape(values)
        except _Unpreparable:
            return list(self.build(*values))
        key = (router.db_for_read(self.model), shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            plain = self.build(*values)
            compiled = self._compiled[key] = self._prepare(values, plain)
            if compiled is False:
                return list(plain)
        elif compiled is False:
            return list(self.build(*values))
        return compiled.run(_flatten(values))

    def first(self, *values):
        """The first instance (or row) the query gives for these values, or None."""
        found = self(*values)
        return found[0] if found else None

    def clear(self):
        """Forget every compiled shape."""
        self._compiled.clear()


    def _prepare(self, values, plain):
        """The compiled shape, checked against the plain queryset; False when it fails."""
        try:
            markers, flat_markers, used = _stand_ins(values)
            queryset = self.build(*markers)
            if queryset.db != plain.db or queryset._prefetch_related_lookups:
                return False
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            connection = connections[plain.db]
            slots = [_slot_for(param, flat_markers, connection) for param in params]
            compiled = _Compiled(queryset, compiler, sql, slots)
            # The check: the real values in their places give the plain queryset's SQL.
            plain_sql, plain_params = plain.query.get_compiler(using=plain.db).as_sql()
            if plain_sql != sql or list(plain_params) != compiled.params(
                _flatten(values), connection
            ):
                return False
            if {index for index, _ in slots if index is not None} != used:
                return False  # a value that is not among the parameters
            return compiled
        except (_Unpreparable, EmptyResultSet, TypeError, ValueError):
            # A stand-in the queryset refused (a text where a number goes): run plainly.
            return False


_PREPARED = weakref.WeakSet()


@receiver(setting_changed)
def _forget_compiled_queries(**kwargs):
    """A query may depend on settings (the languages, More From Author's length): a
    changed setting (tests change them) prepares every query again."""
    for prepared in list(_PREPARED):
        prepared.clear()
