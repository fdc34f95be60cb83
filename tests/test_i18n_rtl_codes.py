"""Format codes and example dates inside Arabic text ("YYYY-MM-DD", "2016-06-30") are kept left to right and
in one piece: in a narrow right-to-left column the plain hyphens let the browser wrap them and reorder the
pieces ("YYYY أو YYYY-MM أو -YYYY" / "MM-DD" under the public form's date field)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.test_i18n_catalogues import LOCALE, read_po

CODE = re.compile(r"YYYY(?:[-\u2011]MM(?:[-\u2011]DD)?)?|\d{4}[-\u2011]\d{2}[-\u2011]\d{2}(?:T[\d:]+Z)?")


def test_arabic_translations_keep_date_codes_whole_and_left_to_right():
    found = 0
    for entry in read_po(LOCALE / "ar" / "LC_MESSAGES" / "django.po"):
        if not entry.msgid:
            continue  # the header
        for text in entry.msgstr.values():
            for match in CODE.finditer(text):
                found += 1
                code = match.group(0)
                assert "-" not in code, (entry.msgid, code)  # non-breaking hyphens (U+2011) only
                assert text[match.start() - 1:match.start()] == "\u2066", (entry.msgid, code)  # LRI … PDI
                assert text[match.end():match.end() + 1] == "\u2069", (entry.msgid, code)
    assert found >= 9


def test_the_public_forms_date_hint_reads_whole_in_arabic(db, reference):
    client = Client()
    client.cookies["django_language"] = "ar"
    text = client.get(reverse("public_submit")).content.decode()
    assert "\u2066YYYY\u2011MM\u2011DD\u2069" in text and "YYYY-MM-DD" not in text
