"""Indonesian and English ship with the package, compiled and complete."""

import ast
import gettext
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import newsplugin

from .builders import make_article, make_author, make_image, make_index

LOCALE = Path(newsplugin.__file__).parent / "locale"


def read_po(path):
    """{msgid: msgstr} of a .po file (singular entries, which is all this project uses)."""
    entries, key, current = {}, None, {}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = ast.literal_eval(rest)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            if current.get("msgid"):
                # gettext's own key for a message with a context.
                key = current["msgid"]
                if "msgctxt" in current:
                    key = f"{current['msgctxt']}\x04{key}"
                entries[key] = current.get("msgstr", "")
            current, key = {}, None
    return entries


@pytest.mark.parametrize("language", ["id", "en"])
def test_compiled_catalogue_matches_the_po_file(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = read_po(folder / "django.po")
    with open(folder / "django.mo", "rb") as mo_file:
        mo = gettext.GNUTranslations(mo_file)
    assert po, "no messages"
    stale = {
        msgid: msgstr for msgid, msgstr in po.items() if msgstr and mo.gettext(msgid) != msgstr
    }
    assert stale == {}, "run compilemessages: the .mo file is older than the .po file"


def test_every_indonesian_message_is_translated():
    untranslated = [m for m, s in read_po(LOCALE / "id/LC_MESSAGES/django.po").items() if not s]
    assert untranslated == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, credit, heading",
    [
        ("id", "(Foto: Rina/Antara)", "Lainnya dari Penulis"),
        ("en", "(Photo: Rina/Antara)", "More From Author"),
    ],
)
def test_article_speaks_the_site_language(client, site_language, language, credit, heading):
    site_language(language)
    index = make_index()
    sari = make_author("Sari")
    make_article(index, "Sebelumnya", authors=[sari])
    article = make_article(
        index,
        "Sekarang",
        authors=[sari],
        lead_image=make_image(),
        lead_image_alt="x",
        lead_image_credit="Rina/Antara",
    )
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert page.html["lang"] == language
    assert page.select_one(".np-credit").get_text(strip=True) == credit
    assert page.select_one(".np-more h2").get_text() == heading


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, heading, notice, awaiting",
    [
        (
            "id",
            "Tinggalkan Balasan",
            "Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *",
            "Komentar Anda sedang menunggu moderasi",
        ),
        (
            "en",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Your comment is awaiting moderation",
        ),
    ],
)
def test_reply_form_speaks_the_site_language(
    client, site_language, language, heading, notice, awaiting
):
    from .builders import comment_form_data

    site_language(language)
    article = make_article(make_index(), "Sekarang")
    client.post("/comments/post/", comment_form_data(article))
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = page.select_one(".np-comment-form")
    assert form.find("h2").get_text() == heading
    assert form.select_one(".np-comment-form__notice").get_text() == notice
    assert page.select_one(".np-comments__pending-notice").get_text() == awaiting
    labels = [label.get_text(" ", strip=True) for label in form.find_all("label")][:4]
    expected = {
        "id": ["Nama *", "Email *", "Situs web", "Komentar *"],
        "en": ["Name *", "Email *", "Website", "Comment *"],
    }
    assert labels == expected[language]
