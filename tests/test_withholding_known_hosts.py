"""The domains that name no person in any of their labels: the mail hosts in every country and the international
human-rights organisations.

A label of a domain is read as a handle is (``test_cases_withholding_domains``), except on the domains of
``selectors._KNOWN_HOSTS`` ("un.org", "gmail.com"...: ``test_cases_withholding_review11``). So are:

* the mail hosts under a country's top-level domain, written alone or after "co.", "com.", "net." or "org."
  (``selectors._MAIL_BRANDS``: "yahoo.fr", "hotmail.co.uk", "yahoo.com.br", "outlook.de", "yandex.kz"), and the
  national mail hosts most used ("web.de", "orange.fr", "free.fr", "libero.it", "seznam.cz", "laposte.net"...): their
  labels are the host's, not a person's site. A brand under another top-level domain is read as any domain is
  ("yahoo.xyz" may be anybody's), and so is the user's part of an address on them ("jnunez85@yahoo.fr");
* the domains of the international human-rights organisations that write to the United Nations most (Amnesty
  International, Human Rights Watch, ISHR, FIDH, OMCT, Front Line Defenders, ARTICLE 19, CPJ, RSF, ICJ, CIVICUS...),
  and their national sections' ("amnesty.fr", "amnesty.org.uk"): "press.amnesty.org" stays for "Paul Ress".
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from tests.withholding_names import withheld


@pytest.mark.parametrize(("name", "text"), [
    ("Yasmin Ahoo", "Write to info@yahoo.fr, info@yahoo.co.uk or info@yahoo.com.br."),
    ("Yasmin Ahoo", "See https://fr.yahoo.fr/ and https://mail.yahoo.co.jp/."),
    ("Hamid Otmail", "Write to info@hotmail.co.uk or info@hotmail.fr."),
    ("Olga Utlook", "Write to info@outlook.fr or info@outlook.de."),
    ("Yann Andex", "Write to info@yandex.ru or info@yandex.kz."),
    ("Olivier Range", "Write to info@orange.fr."),
    ("Luca Ibero", "Write to info@libero.it."),
    ("Lucie Aposte", "Write to info@laposte.net."),
    ("Stefan Eznam", "Write to info@seznam.cz."),
])
def test_a_mail_host_of_any_country_stays(name, text):
    assert selectors.blank_names(text, withheld(name)) == text


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("José Núñez", "Write to jnunez85@yahoo.fr.", "Write to […]85@yahoo.fr."),
    ("José Núñez", "Write to info@jnunez.fr or info@jnunez.co.uk.", "Write to info@[…].fr or info@[…].co.uk."),
    ("Yasmin Ahoo", "See https://yahoo.xyz/ and info@yahoo-85.org.", "See https://[…].xyz/ and info@[…]-85.org."),
])
def test_the_persons_own_part_or_domain_is_still_blanked(name, text, shown):
    assert selectors.blank_names(text, withheld(name)) == shown


@pytest.mark.parametrize(("name", "text"), [
    ("Paul Ress", "See https://press.amnesty.org/en and https://press.hrw.org/ and https://press.fidh.org/."),
    ("Paul Ress", "See https://www.amnesty.org/press/en/2024 and https://www.ishr.ch/press."),
    ("Anna Mnesty", "See https://www.amnesty.org/en/, https://www.amnesty.org.uk/ and info@amnesty.fr."),
    ("Alice Rticle", "See https://www.article19.org/resources/ and info@article19.org."),
    ("Carl Ivicus", "See https://www.civicus.org/ and https://monitor.civicus.org/."),
    ("Paul Ress", "See https://press.omct.org, https://press.frontlinedefenders.org, https://press.cpj.org, "
                  "https://press.rsf.org and https://press.icj.org."),
])
def test_a_domain_of_an_international_human_rights_organisation_stays(name, text):
    assert selectors.blank_names(text, withheld(name)) == text
