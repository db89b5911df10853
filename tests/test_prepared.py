"""Prepared queries give what the plain queryset gives, for every value, or run it."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from newsplugin.models import Author
from newsplugin.prepared import PreparedQuery

from .builders import make_author

pytestmark = pytest.mark.django_db


def by_names(names, slug_prefix):
    return (
        Author.objects.filter(Q(name__in=names) | Q(slug__startswith=slug_prefix))
        .select_related("locale")
        .order_by("name")
    )


@pytest.fixture
def authors():
    return [
        make_author(name, slug=slug)
        for name, slug in [("Sari", "sari"), ("Budi", "budi"), ("Ani", "a_b"), ("Adi", "axb"),
                           ("Persen", "a%c")]
    ]


def names(found):
    return [author.name for author in found]


def test_a_prepared_query_finds_what_the_plain_one_finds(authors):
    query = PreparedQuery(Author, by_names)
    for values in [(["Sari"], "bu"), (["Budi"], "sa"), (["Sari", "Budi"], "zzz"),
                   (["Nobody"], "a"), (["Sari", "Sari"], "b"), (["Sari", "Budi", "Sari"], "x")]:
        assert names(query(*values)) == names(by_names(*values)), values


def test_like_wildcards_in_a_value_stay_literal(authors):
    query = PreparedQuery(Author, by_names)
    query(["x"], "s")  # prepares the shape
    # "_" and "%" match any character in LIKE: escaped, they match only themselves.
    assert names(query(["x"], "a_")) == ["Ani"]
    assert names(query(["x"], "a%")) == ["Persen"]


def test_the_second_run_is_one_query_without_building(authors):
    built = []

    def build(names_, prefix):
        built.append(names_)
        return by_names(names_, prefix)

    query = PreparedQuery(Author, build)
    query(["Sari"], "zz")
    built.clear()
    with CaptureQueriesContext(connection) as queries:
        found = query(["Budi"], "zz")
    assert names(found) == ["Budi"]
    assert built == []
    assert len(queries) == 1
    # The select_related() locale came with it.
    with CaptureQueriesContext(connection) as more:
        assert found[0].locale.language_code
    assert len(more) == 0


def test_values_it_cannot_place_run_the_plain_queryset(authors):
    query = PreparedQuery(Author, lambda value: Author.objects.filter(name=value))
    assert query(None) == []
    assert names(query(True)) == []  # a bool: run plainly, not as a whole number
    assert names(query("Sari")) == ["Sari"]


def test_a_build_that_decides_from_a_value_is_never_prepared(authors):
    # The slice depends on the value: the stand-in's SQL is not the real one's.
    query = PreparedQuery(Author, lambda n: Author.objects.order_by("name")[: n % 3 + 1])
    assert len(query(1)) == 2
    assert len(query(2)) == 3
    assert len(query(0)) == 1


def test_a_changed_setting_prepares_again(authors, settings):
    query = PreparedQuery(Author, by_names)
    query(["Sari"], "zz")
    assert query._compiled
    settings.NEWSPLUGIN_MORE_FROM_AUTHOR_COUNT = 2
    assert not query._compiled


def test_a_datetime_is_placed_as_the_database_stores_it():
    # The front page's most commented counts comments since a moment: prepared, each
    # new moment must give what the plain queryset gives (text on SQLite, a timestamp
    # on PostgreSQL), to the microsecond.
    from datetime import timedelta

    from django.utils import timezone

    from newsplugin.models import ArticlePage

    from .builders import make_article, make_index

    index = make_index()
    articles = {days: make_article(index, f"Hari {days}", days_ago=days) for days in (1, 3, 5)}
    since_query = PreparedQuery(
        ArticlePage, lambda since: ArticlePage.objects.filter(date__gte=since).order_by("pk")
    )
    now = timezone.now()
    for days in (0, 2, 4, 6):
        since = now - timedelta(days=days)
        expected = [a.pk for d, a in articles.items() if d <= days]
        assert [a.pk for a in since_query(since)] == expected, days
    exactly = articles[3].date
    assert [a.pk for a in since_query(exactly)] == [articles[1].pk, articles[3].pk]
    assert [a.pk for a in since_query(exactly + timedelta(microseconds=1))] == [articles[1].pk]
    with CaptureQueriesContext(connection) as queries:
        since_query(now)
    assert len(queries) == 1
    assert since_query._compiled and all(since_query._compiled.values())  # it was prepared


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_only_the_prepared_queries_are_prepared_on_the_server(authors):
    # Planned once per connection; any other query is planned with its own values
    # (a plan for all values of a moderation status took 85 times as long).
    assert connection.features.uses_server_side_binding  # the example site's settings
    query = PreparedQuery(Author, by_names)
    for names_ in (["Sari"], ["Budi"], ["Ani"]):
        assert [a.name for a in query(names_, "zz")] == names_
    assert [a.name for a in Author.objects.filter(name="Adi")] == ["Adi"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert [s for s in statements if '"newsplugin_author"."name" IN ($1)' in s], statements
    assert not [s for s in statements if '"newsplugin_author"."name" = $1' in s], statements


def test_every_run_converts_its_columns_as_the_plain_queryset_does():
    # The columns' converters (aware datetimes, StreamField blocks, JSON, booleans on
    # SQLite) are worked out once per connection: runs after the first must still
    # give the very values the plain queryset gives, row for row.
    from django.db.models import Count

    from newsplugin.models import ArticlePage

    from .builders import make_article, make_index

    index = make_index()
    for n in range(3):
        make_article(index, f"Berita {n}", days_ago=n, standfirst=f"Ringkas {n}",
                     comments_open=bool(n % 2),
                     body=[("paragraph", f"<p>Isi berita {n}.</p>")])

    def articles(prefix):
        return (
            ArticlePage.objects.filter(title__startswith=prefix)
            .annotate(tags_n=Count("tagged_items"))
            .order_by("-date")
        )

    def rows(found):
        return [
            (a.pk, a.title, a.date, a.date.utcoffset(), a.comments_open, a.tags_n,
             list(a.body.raw_data), list(a.pinned_links.raw_data), a.latest_revision_created_at)
            for a in found
        ]

    query = PreparedQuery(ArticlePage, articles)
    plain = rows(articles("Berita"))
    assert len(plain) == 3 and plain[0][3] is not None and plain[0][6]
    for _ in range(3):
        assert rows(query("Berita")) == plain
