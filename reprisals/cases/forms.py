"""HTML forms of the case register: they parse and label user input for the views.

Forms check shape only (required, length, a value from the list); the services check meaning and raise
``ValidationFailed``, whose field messages ``add_domain_errors`` puts back on the form so that the user
sees which field is wrong. Field names are the services' argument names, so the two line up.

Choices from reference data are callables, evaluated when a form is shown or validated, never at import.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from reprisals.accounts.models import User
from reprisals.accounts.roles import ASSIGNABLE_ROLES
from reprisals.cases.models import CaseStatus, ConsentUse, Gender, PartyKind, RiskLevel
from reprisals.cases.selectors import CaseFilters
from reprisals.core.errors import DomainError
from reprisals.reference.i18n import language_column, localized_group, localized_name, term_labels, un_body_names
from reprisals.reference.models import Country, Entity, EntityKind, RegionalGroup, Term, UNBody, UNBodyKind

TEXT_MAX = settings.MAX_TEXT_LENGTH
PROTECTED_HELP = gettext_lazy("Protected, encrypted. Shown only on request, and every showing is audited.")
DATE_HELP = gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD: give only what is known.")
ANY = gettext_lazy("Any")
Choices = list[tuple[Any, Any]]


# ---------------------------------------------------------------- shared helpers


class BootstrapForm(forms.Form):
    """Gives widgets Bootstrap's classes and marks fields with errors for assistive technology."""

    #: names of fields whose values are encrypted and shown only through an audited disclosure
    protected: tuple[str, ...] = ()
    #: set by the view when the service refused a stale version
    conflict = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                attrs["aria-invalid"] = "true"
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)


def add_domain_errors(form: forms.Form, exc: DomainError, *, summary: bool = False) -> None:
    """Show a service's refusal on the form: each named field gets its messages, others go on top.

    ``summary`` also puts the error's own message on top, for errors that explain more than a field.
    """
    for name, messages in exc.fields.items():
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, _("%(field)s: %(message)s") % {"field": name, "message": message})
    if summary or not exc.fields:
        form.add_error(None, exc.message)


def term_choices(vocabulary: str, blank: Any = None) -> Choices:
    """Active terms of a vocabulary as (code, label), in <optgroup>s when the terms have groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = Term.objects.filter(vocabulary=vocabulary, is_active=True).values_list("code", "label", "group")
    lang = language_column(get_language())
    for code, label, group in rows:
        groups.setdefault(group, []).append((code, term_labels().get((vocabulary, code), {}).get(lang) or label))
    choices: Choices = [("", blank)] if blank is not None else []
    for group, items in groups.items():
        if group:
            choices.append((localized_group(group), items))
        else:
            choices.extend(items)
    return choices


def un_body_choices(blank: Any) -> Choices:
    """Active UN bodies as (code, name), in <optgroup>s by kind of body."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    lang = language_column(get_language())
    for code, name, kind in UNBody.objects.filter(is_active=True).order_by("name").values_list("code", "name", "kind"):
        grouped.setdefault(kind, []).append((code, un_body_names().get(code, {}).get(lang) or name))
    choices: Choices = [("", blank)]
    choices.extend((label, grouped[kind]) for kind, label in UNBodyKind.choices if kind in grouped)
    return choices


class CountryChoiceField(forms.ModelChoiceField):
    """Countries named in the reader's language (UN short names)."""

    def label_from_instance(self, obj: Any) -> str:
        return localized_name(obj)


def country_field(label: Any, *, required: bool = True, empty_label: Any = None) -> forms.ModelChoiceField:
    """Countries by name; the submitted value is the ISO 3166-1 alpha-3 code."""
    return CountryChoiceField(
        label=label,
        queryset=Country.objects.order_by("name"),
        to_field_name="iso3",
        required=required,
        empty_label=empty_label or (gettext_lazy("Choose a State…") if required else gettext_lazy("Not known")),
    )


def assignable_users() -> Any:
    users = User.objects.filter(is_active=True, role__in=ASSIGNABLE_ROLES)
    return users.order_by("last_name", "first_name", "username")


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_today(field: forms.Field) -> None:
    """Start a past-only date field at today and let the browser's picker offer no later day."""
    today = timezone.localdate()
    field.initial = today
    field.widget.attrs["max"] = today.isoformat()


def partial_date_input() -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": "2016-03", "inputmode": "numeric", "autocomplete": "off"})


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# ---------------------------------------------------------------- allegations and opening a case


class AllegationForm(BootstrapForm):
    country = country_field(gettext_lazy("State concerned"))
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=date_input())
    source_entity = forms.ChoiceField(label=gettext_lazy("Sent by"), required=False)
    source_reference = forms.CharField(label=gettext_lazy("Sender's reference"), max_length=100, required=False)
    narrative = forms.CharField(
        label=gettext_lazy("Narrative"),
        max_length=TEXT_MAX,
        widget=textarea(8),
        help_text=gettext_lazy(
            "What was reported, as received. Not protected: keep the source's identity for the protected fields below."
        ),
    )
    source_identity = forms.CharField(
        label=gettext_lazy("Identity of the source"),
        required=False,
        max_length=TEXT_MAX,
        widget=textarea(2),
        help_text=PROTECTED_HELP,
    )
    source_contact = forms.CharField(
        label=gettext_lazy("Contact details of the source"),
        required=False,
        max_length=TEXT_MAX,
        widget=textarea(2),
        help_text=PROTECTED_HELP,
    )
    protected = ("source_identity", "source_contact")

    def __init__(self, *args: Any, fixed_entity: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default_today(self.fields["received_on"])
        field = self.fields["source_entity"]
        if fixed_entity is not None:
            # A focal point records allegations for its own entity only; the service enforces it too.
            field.choices = [(fixed_entity.code, fixed_entity.name)]
            field.initial = fixed_entity.code
            field.disabled = True
            field.help_text = _("Focal points record allegations for their own entity.")
        else:
            field.choices = partial(_entity_choices, _("Not a registered entity (a person, or unknown)"))


def _entity_choices(blank: Any) -> Choices:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for code, name, kind in Entity.objects.filter(is_active=True).order_by("name").values_list("code", "name", "kind"):
        grouped.setdefault(kind, []).append((code, name))
    choices: Choices = [("", blank)]
    choices.extend((label, grouped[kind]) for kind, label in EntityKind.choices if kind in grouped)
    return choices


class OpenCaseForm(BootstrapForm):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        help_text=gettext_lazy("Short and neutral: who was targeted, and the State."),
    )
    country = country_field(gettext_lazy("State concerned"))
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, max_length=TEXT_MAX, widget=textarea(4))
    risk_level = forms.ChoiceField(
        label=gettext_lazy("Risk now"), choices=RiskLevel.choices, initial=RiskLevel.ORDINARY
    )
    risk_notes = forms.CharField(
        label=gettext_lazy("Risk notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=textarea(2),
        help_text=PROTECTED_HELP,
    )
    assigned_to = OfficerChoiceField(
        label=gettext_lazy("Responsible officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Nobody yet"),
    )
    protected = ("risk_notes",)

    def __init__(self, *args: Any, can_assign: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if can_assign:
            self.fields["assigned_to"].queryset = assignable_users()
        else:
            del self.fields["assigned_to"]


class AttachForm(BootstrapForm):
    reference = forms.CharField(
        label=gettext_lazy("Case reference"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "RT-2025-00001", "autocomplete": "off"}),
    )


# ---------------------------------------------------------------- the case and its workflow


class CaseEditForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    country = country_field(gettext_lazy("State concerned"))
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, max_length=TEXT_MAX, widget=textarea(4))
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk now"), choices=RiskLevel.choices)
    risk_notes = forms.CharField(
        label=gettext_lazy("New risk notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=textarea(2),
        help_text=gettext_lazy(
            "Protected, encrypted. The current notes are not shown here: leave this empty to keep them."
        ),
    )
    clear_risk_notes = forms.BooleanField(label=gettext_lazy("Delete the current risk notes"), required=False)
    protected = ("risk_notes",)

    def __init__(self, *args: Any, case: Any, risk_notes: bool = True, **kwargs: Any) -> None:
        """``risk_notes=False`` for a reader who may not see them (a focal point): it may not replace them."""
        kwargs.setdefault(
            "initial",
            {
                "version": case.version,
                "title": case.title,
                "country": case.country.iso3,
                "summary": case.summary,
                "risk_level": case.risk_level,
            },
        )
        super().__init__(*args, **kwargs)
        if not risk_notes:
            del self.fields["risk_notes"], self.fields["clear_risk_notes"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in ("title", "country", "summary", "risk_level")}
        if data.get("risk_notes"):
            values["risk_notes"] = data["risk_notes"]
        elif data.get("clear_risk_notes"):
            values["risk_notes"] = ""
        return values


class AssignForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assigned_to = OfficerChoiceField(
        label=gettext_lazy("Responsible officer"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Nobody (unassigned)"),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version, "assigned_to": case.assigned_to_id})
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_users()


class TransitionForm(BootstrapForm):
    """Offers only the allowed next statuses but accepts any known one, so that a stale or forged choice
    reaches the workflow and is refused there, with its explanation."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=5000,
        widget=textarea(3),
        help_text=gettext_lazy("Recorded on the case timeline."),
    )

    def __init__(self, *args: Any, case: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version})
        super().__init__(*args, **kwargs)
        labels = dict(CaseStatus.choices)
        self.fields["to_status"].widget.choices = [("", _("Choose…")), *((s, labels[s]) for s in allowed)]


# ---------------------------------------------------------------- parties, incidents, engagements, consent


class PartyForm(BootstrapForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PartyKind.choices, initial=PartyKind.INDIVIDUAL)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("As the person or organisation spells it. Empty when anonymous."),
    )
    is_anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous"),
        required=False,
        help_text=gettext_lazy("No public name; keep the real name in the protected field."),
    )
    description = forms.CharField(
        label=gettext_lazy("Public description"),
        max_length=300,
        required=False,
        help_text=gettext_lazy('e.g. "a woman human rights defender"'),
    )
    protected_name = forms.CharField(
        label=gettext_lazy("Real name (anonymous parties)"), max_length=300, required=False, help_text=PROTECTED_HELP
    )
    name_variants = forms.CharField(
        label=gettext_lazy("Other spellings"),
        required=False,
        max_length=5000,
        widget=textarea(2),
        help_text=gettext_lazy("One per line: transliterations, former names."),
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        required=False,
        choices=partial(term_choices, "party_role"),
        widget=forms.CheckboxSelectMultiple,
    )
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    is_minor = forms.BooleanField(label=gettext_lazy("Minor"), required=False)
    is_foreign_national = forms.BooleanField(label=gettext_lazy("Foreign national"), required=False)
    consequences = forms.MultipleChoiceField(
        label=gettext_lazy("What it meant for them"),
        required=False,
        choices=partial(term_choices, "consequence"),
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact details"),
        required=False,
        max_length=5000,
        widget=textarea(2),
        help_text=PROTECTED_HELP,
    )
    protected = ("protected_name", "contact")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = (data.get("name") or "").strip()
        if not data.get("is_anonymous") and not name and "name" not in self.errors:
            self.add_error("name", _("Give the name, or tick “Anonymous”."))
        if data.get("is_anonymous") and name:
            self.add_error(
                "name", _("An anonymous party has no public name: put the real name in the protected field.")
            )
        spellings = (data.get("name_variants") or "").strip()
        if data.get("is_anonymous") and spellings and "name_variants" not in self.errors:
            self.add_error("name_variants", _("An anonymous party has no other spellings in the clear: put the real "
                                              "name in the protected field."))
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name_variants"] = lines(data["name_variants"])
        return data


class IncidentForm(BootstrapForm):
    date = forms.CharField(label=gettext_lazy("Date"), max_length=10, help_text=DATE_HELP, widget=partial_date_input())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)
    country = country_field(gettext_lazy("Country where it happened"), required=False)
    perpetrator = forms.ChoiceField(
        label=gettext_lazy("Perpetrator"),
        required=False,
        choices=partial(term_choices, "perpetrator", gettext_lazy("Not known")),
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"), required=False, max_length=TEXT_MAX, widget=textarea(4)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Named after the service's argument; declared here because "forms" would shadow the module above.
        self.fields["forms"] = forms.MultipleChoiceField(
            label=_("Forms of reprisal"),
            choices=partial(term_choices, "reprisal_form"),
            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 12}),
            help_text=_("Choose one or more: hold Ctrl (or ⌘) to choose several."),
        )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["perpetrator"] = data["perpetrator"] or None
        return data


class EngagementForm(BootstrapForm):
    un_body = forms.ChoiceField(
        label=gettext_lazy("UN body or mechanism"), choices=partial(un_body_choices, gettext_lazy("Choose a UN body…"))
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of engagement"),
        choices=partial(term_choices, "engagement_kind", gettext_lazy("Choose a kind…")),
    )
    date = forms.CharField(label=gettext_lazy("Date"), max_length=10, help_text=DATE_HELP, widget=partial_date_input())
    description = forms.CharField(
        label=gettext_lazy("Details"), required=False, max_length=TEXT_MAX, widget=textarea(3)
    )


class ConsentForm(BootstrapForm):
    use = forms.ChoiceField(label=gettext_lazy("Use"), choices=ConsentUse.choices)
    granted = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        choices=[("1", gettext_lazy("Consent given")), ("0", gettext_lazy("Consent refused or withdrawn"))],
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=date_input())
    note = forms.CharField(label=gettext_lazy("How it was given"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default_today(self.fields["decided_on"])


class ErasureRequestForm(BootstrapForm):
    reason = forms.CharField(
        label=gettext_lazy("Why the person's details should be erased"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: the person asked for it on a date, through a channel. Another reviewer "
                               "must confirm it; it cannot be undone."))


class ErasureRefusalForm(BootstrapForm):
    reason = forms.CharField(label=gettext_lazy("Why the erasure is refused"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


# ---------------------------------------------------------------- the list filters


class CaseFilterForm(BootstrapForm):
    """The case list's GET filters, named like the API's query parameters."""

    q = forms.CharField(label=gettext_lazy("Search names and narratives"), max_length=200, required=False)
    country = country_field(gettext_lazy("State"), required=False, empty_label=ANY)
    regional_group = forms.ChoiceField(
        label=gettext_lazy("UN regional group"), required=False, choices=[("", ANY), *RegionalGroup.choices]
    )
    un_body = forms.ChoiceField(label=gettext_lazy("UN body"), required=False, choices=partial(un_body_choices, ANY))
    form = forms.ChoiceField(
        label=gettext_lazy("Form of reprisal"), required=False, choices=partial(term_choices, "reprisal_form", ANY)
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role of the affected party"),
        required=False,
        choices=partial(term_choices, "party_role", ANY),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[("", ANY), *CaseStatus.choices])
    open = forms.BooleanField(label=gettext_lazy("Open cases only"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1900, max_value=2100)
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk"), required=False, choices=[("", ANY), *RiskLevel.choices])
    mine = forms.BooleanField(label=gettext_lazy("My cases"), required=False)
    unassigned = forms.BooleanField(label=gettext_lazy("Unassigned"), required=False)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self, user: Any) -> CaseFilters:
        data = self.cleaned_data
        return CaseFilters(
            country=data["country"].pk if data["country"] else None,
            regional_group=data["regional_group"] or None,
            un_body=_pk(UNBody.objects.filter(code=data["un_body"])) if data["un_body"] else None,
            form=_pk(Term.objects.filter(vocabulary="reprisal_form", code=data["form"])) if data["form"] else None,
            role=_pk(Term.objects.filter(vocabulary="party_role", code=data["role"])) if data["role"] else None,
            status=data["status"] or None,
            open_only=data["open"],
            year=data["year"],
            assigned_to=user.pk if data["mine"] else None,
            unassigned=data["unassigned"],
            risk_level=data["risk_level"] or None,
            text=data["q"].strip(),
        )

    def is_filtered(self) -> bool:
        return any(value not in (None, "", False) for name, value in self.cleaned_data.items() if name != "before")


def _pk(qs: Any) -> int | None:
    return qs.values_list("pk", flat=True).first()
