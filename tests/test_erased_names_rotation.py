"""The erased names' hashes (``ErasedName``) are keyed with a secret of their own (``ErasedNameKey``), kept
encrypted under the data key: ``rotate-key`` re-encrypts it, and the hashes keep matching after the old data
key is removed (they cannot be made again under the new key: the names are gone)."""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client, override_settings

from reprisals.cases import services as case_services
from reprisals.cases.erasure import erasure_confirm, erasure_request
from reprisals.cases.models import Case
from reprisals.core import crypto
from reprisals.reports import drafting, redaction, services
from reprisals.reports.redaction import WITHHELD, RegisterNames
from reprisals.reports.testdata import make_case
from tests.test_erasure_register_wide import ERASED_PERSON, NAMED, NOTHING, D, egypt, public_html  # noqa: F401
from tests.test_key_rotation import raw_values

pytestmark = pytest.mark.django_db


def _key_rows():
    return apps.get_model("cases", "ErasedNameKey").objects


def _erase(case, officer, reviewer) -> None:
    party = case.parties.get(name=ERASED_PERSON)
    erasure_confirm(actor=reviewer, request=erasure_request(actor=officer, party=party, reason="His request."))


def test_an_erased_name_is_still_blanked_after_a_rotation_once_the_old_key_is_removed(
        egypt, officer, reviewer, senior, settings):  # noqa: F811
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, incident="2015-08", consents=NOTHING)
    other = make_case(actor=officer, country=egypt, name=NAMED, summary=f"{NAMED} was detained.")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    _erase(omar_case, officer, reviewer)
    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        call_command("rotate-key", stdout=io.StringIO(), stderr=io.StringIO())
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):  # the old key removed, as the docs say
        redaction._LAST = None  # nothing kept from while the old key was configured
        case_services.case_update(actor=officer, case=Case.objects.get(pk=other.pk), expected_version=None,
                                  summary=f"{NAMED} was detained with {ERASED_PERSON}; Mr. Haddadine too.")
        register = RegisterNames.load()
        assert register.scrub(f"{ERASED_PERSON} and Haddadine") == f"{WITHHELD} and {WITHHELD}"
        content = json.dumps(drafting.build(period).content, ensure_ascii=False)
        assert "addadine" not in content and WITHHELD in content
        html = public_html(period)
        assert NAMED in html and "addadine" not in html
        services.report_finalise(actor=senior, period=period)
        client = Client()
        for path in ("/public/cases/", "/public/data/cases.json", f"/public/reports/{period.pk}/document.html"):
            assert "addadine" not in client.get(path).content.decode(), path
        # A second rotation, and an erasure after it: both generations of hashes still match.
        newer = crypto.generate_key()
    with override_settings(DATA_KEY=newer, DATA_KEYS_OLD=[new_key]):
        call_command("rotate-key", stdout=io.StringIO(), stderr=io.StringIO())
    with override_settings(DATA_KEY=newer, DATA_KEYS_OLD=[]):
        second = make_case(actor=officer, country=egypt, name="Layla Qasimiyya", consents=NOTHING)
        erasure_confirm(actor=reviewer, request=erasure_request(
            actor=officer, party=second.parties.get(name="Layla Qasimiyya"), reason="Her request."))
        redaction._LAST = None
        register = RegisterNames.load()
        assert (register.scrub(f"{ERASED_PERSON} met Layla Qasimiyya")
                == f"{WITHHELD} met {WITHHELD}")


def test_the_hashes_key_is_made_once_stored_encrypted_and_re_encrypted_by_rotate_key(
        egypt, officer, reviewer, settings):  # noqa: F811
    from reprisals.cases.models import ERASED_NAME_KEY_ID, ErasedName, ErasedNameKey

    assert not _key_rows().exists()
    _erase(make_case(actor=officer, country=egypt, name=ERASED_PERSON, consents=NOTHING), officer, reviewer)
    assert set(ErasedName.objects.values_list("key_id", flat=True)) == {ERASED_NAME_KEY_ID}
    secret = ErasedNameKey.current()
    assert len(secret) == 32 and _key_rows().count() == 1
    raw = raw_values("cases_erasednamekey", "secret")
    assert len(raw) == 1 and crypto.key_id_of(raw[0]) == crypto.keyring()[0].key_id
    assert base64.b64encode(secret).decode() not in raw[0] and secret.hex() not in raw[0]
    # A second erasure uses the same key.
    other = make_case(actor=officer, country=egypt, name="Second Person", consents=NOTHING)
    erasure_confirm(actor=reviewer, request=erasure_request(
        actor=officer, party=other.parties.get(name="Second Person"), reason="Her request."))
    assert _key_rows().count() == 1 and ErasedNameKey.current() == secret

    old_key, new_key = settings.DATA_KEY, crypto.generate_key()
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[old_key]):
        out = io.StringIO()
        call_command("rotate-key", stdout=out, stderr=io.StringIO())
        assert "cases.erasednamekey: 1" in out.getvalue()
        rotated = raw_values("cases_erasednamekey", "secret")
        assert crypto.key_id_of(rotated[0]) == crypto.keyring()[0].key_id != crypto.key_id_of(raw[0])
    with override_settings(DATA_KEY=new_key, DATA_KEYS_OLD=[]):
        assert ErasedNameKey.current() == secret and _key_rows().count() == 1
    from reprisals.core.backup import backed_up_models

    assert {"cases.erasedname", "cases.erasednamekey"} <= {m._meta.label_lower for m in backed_up_models()}


def test_hashes_written_under_a_data_key_still_match_while_that_key_is_configured(settings):
    """Rows written before the hashes had their own key name the data key they were made under."""
    from reprisals.cases.models import ErasedName

    key_id, key = crypto.index_key(redaction.ERASED_LABEL)
    ErasedName.objects.bulk_create([
        ErasedName(key_id=key_id, kind="phrase", digest=redaction._digest(key, "old name"), words=2),
        ErasedName(key_id=key_id, kind="start", digest=redaction._digest(key, "old"), words=1)])
    redaction._LAST = None
    assert RegisterNames.load().scrub("Old Name was there") == f"{WITHHELD} was there"
