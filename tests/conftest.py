"""The shared cast: one user per role, reference data, and an API client per user.

Tests run on the database in DATABASE_URL (SQLite when unset); nothing here is mocked but the clock
and the mail, where a test says so.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from reprisals.accounts.models import User
from reprisals.accounts.roles import Role
from reprisals.accounts.services import token_create, user_create
from reprisals.cases import services
from reprisals.core.audit import audit_record
from reprisals.core.models import AuditEntry
from reprisals.reference.loaders import load_reference_data
from reprisals.reference.models import Country, Entity
from tests.dates import today

PASSWORD = "correct horse battery staple 42"


def previous_step_code(totp: Any) -> str:
    """The code of ``totp`` (a ``pyotp.TOTP``) for the 30-second step before the current one, as an authenticator
    app a little behind shows it, to enrol a device and keep the current step's code for signing in. Made at least
    two seconds before the current step ends (waiting for the next step otherwise), so that the step does not
    change between making the code and checking it: made at 29.999 s and checked at 30.001 s, it would be two
    steps old and refused."""
    left = 30 - time.time() % 30
    if left < 2:
        time.sleep(left + 0.05)
    return totp.at(time.time() - 30)

# Properties are about results, never about time: speed is measured by the benchmarks (`make bench`). On a
# busy 2-core machine an example can take longer than Hypothesis' 200 ms default and fail for no reason.
hypothesis_settings.register_profile("reprisals", deadline=None)
hypothesis_settings.load_profile("reprisals")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests create hundreds of accounts. Production keeps Argon2
    (asserted in test_two_factor.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def reference_ids_forgotten() -> None:
    """Each test's database is rolled back, which no signal reports: start without remembered ids."""
    from reprisals.reference.selectors import forget

    forget()


@pytest.fixture(autouse=True)
def language_of_the_site() -> Any:
    """Each test starts in the site's language: a request through the test client leaves the language
    it chose active in the thread, which would otherwise carry into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def client_for(user: Any) -> Client:
    """A web client signed in as ``user`` (past the second factor: see the fixture below)."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def second_factor_done_by_test_logins(monkeypatch: Any) -> None:
    """``Client.force_login`` and ``Client.login`` are test shortcuts past the sign-in form; they also
    count as having proved the second factor and as a fresh re-authentication (export, erase, restore).
    Tests of the second factor and of re-authentication themselves use the real pages."""
    import time

    from reprisals.accounts.twofactor import SESSION_REAUTHENTICATED, SESSION_VERIFIED

    original_login = Client._login

    def _login(self: Client, user: Any, backend: Any = None) -> None:
        original_login(self, user, backend)
        session = self.session
        session[SESSION_VERIFIED] = session[SESSION_REAUTHENTICATED] = int(time.time())
        session.save()

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the reference data once into the test database; each test's transaction rolls back over it."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference(db: Any) -> None:
    if not Country.objects.exists():  # flushed by a transactional test
        load_reference_data()


def make_user(username: str, role: str, **extra: Any) -> User:
    return user_create(actor=None, username=username, role=role, password=PASSWORD, **extra)


@pytest.fixture
def officer(reference: None) -> User:
    return make_user("officer", Role.CASE_OFFICER)


@pytest.fixture
def migrations_restored():
    """For a test that migrates back and forth: whatever happens in it, the database ends at the latest
    migrations, so that the tests after it see the schema they expect."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def chain(officer: User) -> list[AuditEntry]:
    """An audit log of five entries written by the officer, in order (a test may override it)."""
    for i in range(5):
        audit_record(actor=officer, action="test.event", object_type="test", object_id=str(i), payload={"i": i})
    return list(AuditEntry.objects.order_by("seq"))


@pytest.fixture
def officer2(reference: None) -> User:
    return make_user("officer2", Role.CASE_OFFICER)


@pytest.fixture
def reviewer(reference: None) -> User:
    return make_user("reviewer", Role.REVIEWER)


@pytest.fixture
def senior(reference: None) -> User:
    return make_user("senior", Role.SENIOR_OFFICIAL)


@pytest.fixture
def focal(reference: None) -> User:
    return make_user("focal", Role.FOCAL_POINT, entity=Entity.objects.get(code="ISHR"))


@pytest.fixture
def cat_focal(reference: None) -> User:
    """A focal point of the Committee against Torture: another UN entity than the ISHR ``focal``'s."""
    return make_user("catfocal", Role.FOCAL_POINT, entity=Entity.objects.get(code="CAT"))


@pytest.fixture
def also_reported_by_cat(officer: User, bahrain: Country) -> Any:
    """Attach to a case an allegation the Committee against Torture sent (another source than ISHR, which
    reports the ``new_case`` parties): the case as ``cat_focal`` reads it when a party withholds consent to
    share with other UN bodies. Returns the case, read again."""
    from reprisals.cases import services as case_services
    from reprisals.cases.models import Case

    def attach(case: Any, narrative: str = "The Committee also heard of the detention.") -> Any:
        other = case_services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                                narrative=narrative, source_entity=Entity.objects.get(code="CAT"))
        case_services.allegation_attach(actor=officer, allegation=other, case=case)
        return Case.objects.get(pk=case.pk)

    return attach


@pytest.fixture
def other_focal(reference: None) -> User:
    other = Entity.objects.exclude(code="ISHR").filter(kind="ngo").order_by("code").first()
    return make_user("focal2", Role.FOCAL_POINT, entity=other)


@pytest.fixture
def auditor(reference: None) -> User:
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def admin_user(reference: None) -> User:
    return make_user("admin", Role.ADMIN)


@pytest.fixture
def state_user(reference: None) -> User:
    return make_user("mission", Role.STATE, country=Country.objects.get(iso3="BHR"))


@pytest.fixture
def submitter(reference: None) -> User:
    return make_user("submitter", Role.SUBMITTER, entity=Entity.objects.get(code="ISHR"))


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def _send(self, method: str, path: str, body: Any, raw: bool) -> Any:
        import json

        data = body if raw else json.dumps(body, default=str)
        return getattr(self.client, method)(path, data=data, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: Any = None, *, raw: bool = False) -> Any:
        return self._send("post", path, body, raw)

    def patch(self, path: str, body: Any = None, *, raw: bool = False) -> Any:
        return self._send("patch", path, body, raw)


@pytest.fixture
def api_as() -> Any:
    def make(user: User | None) -> ApiClient:
        return ApiClient(token_create(actor=None, user=user) if user else None)

    return make


@pytest.fixture
def bahrain(reference: None) -> Country:
    return Country.objects.get(iso3="BHR")


@pytest.fixture
def new_case(officer: User, bahrain: Country) -> Any:
    """A factory for a case with one allegation, one named party, one incident and one engagement."""

    def make(*, actor: User | None = None, title: str = "Detention of a defender", name: str = "Maryam Example",
             country: Country | None = None, entity: Entity | None = None) -> Any:
        actor = actor or officer
        allegation = services.allegation_record(
            actor=actor, country=country or bahrain, received_on=dt.date(2016, 3, 10),
            narrative="Detained at the airport on return from the Human Rights Council session.",
            source_entity=entity or Entity.objects.get(code="ISHR"), source_identity="Source Alpha",
            source_contact="alpha@example.org",
        )
        case = services.case_open(actor=actor, title=title, country=country or bahrain, allegation=allegation)
        services.party_add(actor=actor, case=case, name=name, roles=["human_rights_defender"], gender="female")
        services.incident_add(actor=actor, case=case, date="2016-03", forms=["travel_ban", "arbitrary_arrest"],
                              perpetrator="security_intelligence", place="the airport")
        services.engagement_add(actor=actor, case=case, un_body=services.un_body_by_code("HRC"),
                                kind="participation_un_meeting", date="2016-03")
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def consenting_case(new_case: Any, officer: User) -> Any:
    """``new_case``, with each party's consent to raise the case with the State recorded first (a case is
    raised, by its status or a communication, only with that consent: DOMAIN.md §3)."""
    from reprisals.cases.models import ConsentUse

    def make(**kwargs: Any) -> Any:
        case = new_case(**kwargs)
        for party in case.parties.all():
            services.consent_record(actor=kwargs.get("actor") or officer, party=party,
                                    use=ConsentUse.RAISE_WITH_STATE, granted=True,
                                    decided_on=dt.date(2016, 3, 12), note="In person, informed")
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def clock(monkeypatch: Any) -> Any:
    """Move the follow-up clock: ``clock(days)`` makes "today" that many days from ``tests.dates.today()``."""
    from reprisals.followup import selectors as followup_selectors

    def move(days: int) -> dt.date:
        day = today() + dt.timedelta(days=days)
        monkeypatch.setattr(followup_selectors, "today", lambda: day)
        return day

    return move


@pytest.fixture
def verified_case(consenting_case: Any, officer: User) -> Any:
    """``consenting_case`` taken through assessment to verified: ready to be raised with its State."""
    from reprisals.cases.models import CaseStatus

    def make(**kwargs: Any) -> Any:
        case = consenting_case(**kwargs)
        for status in (CaseStatus.UNDER_ASSESSMENT, CaseStatus.VERIFIED):
            case = services.case_transition(actor=officer, case=case, to_status=status, reason="checked",
                                            expected_version=None)
        return case

    return make
