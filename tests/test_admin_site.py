"""The administration site: reference data and accounts are edited there by administrators only, each
save is validated and audited like any other write, and nothing the register refers to is deleted."""

from __future__ import annotations

import pytest
from django.test import Client

from reprisals.accounts.models import ApiToken, User
from reprisals.accounts.roles import Role
from reprisals.accounts.services import token_create
from reprisals.core.audit import audit_verify
from reprisals.core.models import AuditEntry
from reprisals.reference.models import Country, Entity, Term, UNBody
from reprisals.reference.selectors import reference_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def country_form(country: Country, **changes) -> dict:
    form = {f: getattr(country, f) for f in ("iso3", "iso2", "m49", "name", "un_status", "regional_group",
                                             "m49_region", "m49_subregion")}
    return {**form, **changes}


def test_the_index_offers_reference_data_and_accounts_not_django_groups(site):
    page = site.get("/admin/").content.decode()
    for listed in ("/admin/reference/country/", "/admin/reference/unbody/", "/admin/reference/entity/",
                   "/admin/reference/term/", "/admin/accounts/user/", "/admin/accounts/apitoken/"):
        assert listed in page
    assert "/admin/auth/group/" not in page


@pytest.mark.parametrize("path", ["/admin/reference/country/", "/admin/reference/unbody/?kind=treaty_body",
                                  "/admin/reference/entity/?q=ISHR", "/admin/reference/term/?vocabulary=party_role",
                                  "/admin/accounts/user/?role=admin", "/admin/accounts/apitoken/"])
def test_every_list_opens(site, path):
    assert site.get(path).status_code == 200


def test_renaming_a_state_is_saved_audited_without_values_and_seen_by_lookups_at_once(site, admin_user):
    bahrain = Country.objects.get(iso3="BHR")
    assert reference_id(Country, name=bahrain.name) == bahrain.pk
    response = site.post(f"/admin/reference/country/{bahrain.pk}/change/",
                         country_form(bahrain, name="Kingdom of Bahrain"))
    assert response.status_code == 302, response.content
    assert Country.objects.get(pk=bahrain.pk).name == "Kingdom of Bahrain"
    entry = AuditEntry.objects.filter(action="country.update").get()
    assert entry.actor_id == admin_user.pk and entry.object_id == str(bahrain.pk)
    assert entry.payload == {"fields": ["name"], "via": "admin"}
    assert "Kingdom" not in str(entry.payload)
    assert reference_id(Country, name="Kingdom of Bahrain") == bahrain.pk
    assert reference_id(Country, name=bahrain.name) is None
    assert audit_verify() is None


def test_a_bad_value_is_refused_on_the_form_and_nothing_is_saved(site):
    bahrain = Country.objects.get(iso3="BHR")
    response = site.post(f"/admin/reference/country/{bahrain.pk}/change/",
                         country_form(bahrain, iso3="BAHRAIN", regional_group="NOWHERE"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"iso3", "regional_group"} <= set(errors)
    assert Country.objects.get(pk=bahrain.pk).iso3 == "BHR"
    assert not AuditEntry.objects.filter(action="country.update").exists()


def test_a_new_vocabulary_term_and_a_new_un_body_can_be_added(site):
    response = site.post("/admin/reference/term/add/", {"vocabulary": "reprisal_form", "code": "asset_freeze",
                                                       "label": "Freezing of assets", "group": "", "sort_order": 99,
                                                       "is_active": "on"})
    assert response.status_code == 302, response.content
    assert Term.objects.filter(vocabulary="reprisal_form", code="asset_freeze").exists()
    response = site.post("/admin/reference/unbody/add/", {"code": "SR-NEW", "name": "Special Rapporteur on a new theme",
                                                         "kind": "special_procedure", "is_active": "on"})
    assert response.status_code == 302, response.content
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"term.create", "unbody.create"}


def test_reference_data_is_retired_never_deleted(site):
    ishr = Entity.objects.get(code="ISHR")
    assert site.get(f"/admin/reference/entity/{ishr.pk}/delete/").status_code == 403
    body = UNBody.objects.get(code="CCPR")
    response = site.post("/admin/reference/unbody/", {"action": "delete_selected", "_selected_action": [body.pk]})
    assert UNBody.objects.filter(pk=body.pk).exists()
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_no_other_role_enters_the_site(role):
    from tests.conftest import make_user

    extra = {"country": Country.objects.get(iso3="BHR")} if role == Role.STATE else {}
    if role in (Role.FOCAL_POINT, Role.SUBMITTER):
        extra = {"entity": Entity.objects.get(code="ISHR")}
    client = Client()
    client.force_login(make_user(f"u-{role}", role, **extra))
    response = client.get("/admin/reference/country/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_account_created_here_goes_through_the_service(site, admin_user):
    ishr = Entity.objects.get(code="ISHR")
    response = site.post("/admin/accounts/user/add/", {
        "username": "ishr-focal", "first_name": "Focal", "last_name": "Point", "email": "fp@example.org",
        "role": Role.FOCAL_POINT, "entity": ishr.pk, "country": "", "password": ""})
    assert response.status_code == 302, response.content
    user = User.objects.get(username="ishr-focal")
    assert user.entity == ishr and user.role == Role.FOCAL_POINT and not user.is_staff
    assert not user.has_usable_password()
    assert AuditEntry.objects.get(action="user.create", object_id=str(user.pk)).actor_id == admin_user.pk


def test_a_role_that_needs_an_entity_or_a_state_is_refused_without_one(site):
    response = site.post("/admin/accounts/user/add/", {"username": "mission2", "role": Role.STATE,
                                                       "entity": "", "country": "", "password": ""})
    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="mission2").exists()
    response = site.post("/admin/accounts/user/add/", {"username": "weak", "role": Role.CASE_OFFICER,
                                                       "entity": "", "country": "", "password": "123"})
    assert "password" in response.context["adminform"].form.errors


def user_form(user: User, **changes) -> dict:
    form = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "role": user.role,
            "entity": user.entity_id or "", "country": user.country_id or "",
            "is_active": "on" if user.is_active else ""}
    return {**form, **changes}


def test_making_an_officer_an_administrator_opens_the_site_to_them_and_is_audited(site, officer):
    response = site.post(f"/admin/accounts/user/{officer.pk}/change/", user_form(officer, role=Role.ADMIN))
    assert response.status_code == 302, response.content
    officer.refresh_from_db()
    assert officer.role == Role.ADMIN and officer.is_staff and officer.is_superuser
    entry = AuditEntry.objects.get(action="user.update", object_id=str(officer.pk))
    assert entry.payload == {"fields": ["role"], "role": Role.ADMIN}


def test_a_deactivated_account_loses_its_api_tokens_at_once(site, officer, api_as):
    token = token_create(actor=None, user=officer)
    headers = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/cases", headers=headers).status_code == 200
    response = site.post(f"/admin/accounts/user/{officer.pk}/change/", user_form(officer, is_active=""))
    assert response.status_code == 302, response.content
    assert Client().get("/api/v1/cases", headers=headers).status_code == 401


def test_an_administrator_cannot_lock_themselves_out(site, admin_user):
    for change in ({"role": Role.CASE_OFFICER}, {"is_active": ""}):
        response = site.post(f"/admin/accounts/user/{admin_user.pk}/change/", user_form(admin_user, **change))
        assert response.status_code == 200
        assert set(change) <= set(response.context["adminform"].form.errors)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN and admin_user.is_active


def test_tokens_are_listed_by_prefix_and_revoked_with_an_audited_action(site, officer):
    secret = token_create(actor=None, user=officer, name="laptop")
    page = site.get("/admin/accounts/apitoken/").content.decode()
    assert secret[:10] in page and secret not in page
    token = ApiToken.objects.get(prefix=secret[:10])
    response = site.post("/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="token.revoke", object_id=str(token.pk)).exists()
    assert site.get(f"/admin/accounts/apitoken/{token.pk}/delete/").status_code == 403


def test_admin_pages_use_the_site_s_favicon(site, officer):
    import re

    def icon(text: str) -> str:
        found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', text)
        assert found, "no favicon"
        return found.group(1)

    signed_in = Client()
    signed_in.force_login(officer)
    expected = icon(signed_in.get("/").content.decode())
    assert expected.endswith("img/favicon.svg") and "//" not in expected  # served here, never fetched elsewhere
    login = Client().get("/admin/login/")
    assert login.status_code == 200 and icon(login.content.decode()) == expected
    for path in ("/admin/", "/admin/reference/country/", "/admin/accounts/user/add/"):
        response = site.get(path)
        assert response.status_code == 200 and icon(response.content.decode()) == expected, path


def test_the_sites_sign_in_page_keeps_the_lockout(admin_user):
    """/admin/login/ took passwords without counting failures: unlimited guesses at an administrator's
    password, even for a locked account. Five failures there lock the account everywhere."""
    from reprisals.accounts.models import LoginFailure
    from reprisals.accounts.twofactor import account_key
    from tests.conftest import PASSWORD

    client = Client()
    for attempt in range(5):
        response = client.post("/admin/login/", {"username": "admin", "password": f"wrong {attempt}"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username=account_key("admin")).count() == 5
    refused = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session and "Too many failed attempts" in refused.content.decode()
    site = Client().post("/login/", {"username": "admin", "password": PASSWORD})
    assert site.status_code == 200 and "Too many failed attempts" in site.content.decode()


def test_the_sections_and_token_columns_are_in_the_administrators_language(site, admin_user):
    """The sections read "Accounts" and "Reference", and the token list's columns "Prefix", "Created at"…,
    in English whatever the language."""
    token_create(actor=None, user=admin_user)
    site.cookies["django_language"] = "fr"
    index = site.get("/admin/").content.decode()
    assert "Comptes" in index and "Données de référence" in index and ">Accounts<" not in index
    tokens = site.get("/admin/accounts/apitoken/").content.decode()
    for english, french in [("Prefix", "Préfixe"), ("Created at", "Créé le"), ("Last used at", "Dernière utilisation"),
                            ("Revoked at", "Révoqué le")]:
        assert french in tokens and english not in tokens, english


def test_the_site_is_named_after_the_product_in_the_administrators_language(site):
    """The header and the browser tab read "Django administration"."""
    for language, name in [("en", "Reprisals Tracker administration"), ("ar", "إدارة متتبع الأعمال الانتقامية")]:
        site.cookies["django_language"] = language
        text = site.get("/admin/").content.decode()
        assert name in text and "Django" not in text.split("<body")[1].split("</header>")[0], language
        assert "<title>" in text and name in text.split("<title>")[1].split("</title>")[0], language


def test_an_administrators_own_password_change_is_audited(site, admin_user):
    """/admin/password_change/ changed the password without an audit entry."""
    from tests.conftest import PASSWORD

    new = "another long passphrase for the admin 2026"
    refused = site.post("/admin/password_change/", {"old_password": "wrong", "new_password1": new,
                                                     "new_password2": new})
    assert refused.status_code == 200 and not AuditEntry.objects.filter(action="user.update").exists()
    response = site.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                      "new_password2": new})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.actor_label == "admin" and entry.object_id == str(admin_user.pk)
    assert entry.payload == {"fields": ["password"], "via": "admin"} and new not in str(entry.payload)
    assert audit_verify() is None


def test_wrong_current_passwords_on_the_admin_password_change_lock_the_account(site, admin_user):
    """Whoever sits at a signed-in administrator's session may not guess the password there without limit:
    each wrong current password counts towards the site's lockout, and a locked account is refused even
    with the right one."""
    from reprisals.accounts.models import LoginFailure
    from reprisals.accounts.twofactor import MAX_FAILURES, account_key, is_locked
    from tests.conftest import PASSWORD

    new = "another long passphrase for the admin 2026"
    for attempt in range(MAX_FAILURES):
        wrong = site.post("/admin/password_change/", {"old_password": f"guess {attempt}", "new_password1": new,
                                                       "new_password2": new})
        assert wrong.status_code == 200
    assert LoginFailure.objects.filter(username=account_key(admin_user.username)).count() == MAX_FAILURES
    assert is_locked(admin_user.username)
    locked = site.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                    "new_password2": new})
    assert locked.status_code == 200 and "Too many failed attempts" in locked.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD) and not admin_user.check_password(new)
    assert not AuditEntry.objects.filter(action="user.update").exists()
    assert AuditEntry.objects.filter(action="auth.failure").count() == MAX_FAILURES


@pytest.mark.django_db(transaction=True)
def test_the_current_password_is_checked_outside_a_transaction_so_parallel_guesses_see_each_other(
        admin_user, monkeypatch):
    """Inside the page's transaction, the attempt reserved before the check stayed invisible to the
    requests beside it until the page ended: on PostgreSQL, parallel wrong guesses were all checked."""
    from django.db import connection

    from reprisals.accounts import twofactor
    from tests.conftest import PASSWORD

    seen = []
    original = twofactor.Attempt.__init__

    def spy(self, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        original(self, *args, **kwargs)

    monkeypatch.setattr(twofactor.Attempt, "__init__", spy)
    client = Client()
    client.force_login(admin_user)
    new = "another long passphrase for the admin 2026"
    client.post("/admin/password_change/", {"old_password": "wrong", "new_password1": new, "new_password2": new})
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, "new_password1": new,
                                                        "new_password2": new})
    assert response.status_code == 302 and seen == [False, False]
    assert AuditEntry.objects.filter(action="user.update", payload__via="admin").count() == 1
