"""HTML forms of the case register: parse and label user input for the views.

Forms check shape only (required, length, a choice from the list); the services check meaning and
raise ``ValidationFailed``, whose field messages ``add_domain_errors`` puts back on the form so the
user sees which field is wrong. Every form keeps the model's field names so that the two line up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reprisals.accounts.models import User
from reprisals.accounts.roles import ASSIGNABLE_ROLES
from reprisals.cases.models import CaseStatus, ConsentUse, Gender, PartyKind, RiskLevel
from reprisals.cases.selectors import CaseFilters
from reprisals.core.errors import DomainError
from reprisals.reference.models import Country, Entity, RegionalGroup, Term, UNBody, UNBodyKind

TEXT_MAX = settings.MAX_TEXT_LENGTH
DATE_HELP = gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD: give only what is known.")
Choices = list[tuple[Any, Any]]


# ---------------------------------------------------------------- shared helpers


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to widgets and flags fields with errors for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: each named field gets its messages, the rest go on top."""
    placed = False
    for name, messages in exc.fields.items():
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, _("%(field)s: %(message)s") % {"field": name, "message": message})
            placed = True
    if not placed or not isinstance(exc.fields, dict) or type(exc).__name__ == "InvalidTransition":
        form.add_error(None, exc.message)


def term_choices(vocabulary: str, *, blank: str | None = None) -> Choices:
    """Active terms of a vocabulary as choices of codes, in <optgroup>s when the terms have groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label, group in Term.objects.filter(vocabulary=vocabulary, is_active=True).values_list(
        "code", "label", "group"
    ):
        groups.setdefault(group, []).append((code, label))
    choices: Choices = [("", blank)] if blank is not None else []
    if list(groups) == [""]:
        return choices + groups[""]
    for group, items in groups.items():
        if group:
            choices.append((group, items))
        else:
            choices.extend(items)
    return choices


def country_field(label: str, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Country.objects.order_by("name"),
        to_field_name="iso3",
        required=required,
        empty_label=_("Choose a State…") if required else _("Any / not known"),
    )


class GroupedUNBodyField(forms.ModelChoiceField):
    """UN bodies by code, shown in <optgroup>s by kind of body."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=UNBody.objects.filter(is_active=True).order_by("name"), to_field_name="code",
                         **kwargs)

    def _get_choices(self) -> Choices:
        kinds = dict(UNBodyKind.choices)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for code, name, kind in self.queryset.values_list("code", "name", "kind"):
            grouped.setdefault(kind, []).append((code, name))
        choices: Choices = [("", self.empty_label)] if self.empty_label is not None else []
        for kind in kinds:
            if kind in grouped:
                choices.append((kinds[kind], grouped[kind]))
        return choices

    choices = property(_get_choices, forms.ChoiceField.choices.fset)  # type: ignore[attr-defined]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


YES_NO: Choices = [("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))]


# ---------------------------------------------------------------- allegations and opening a case


class AllegationForm(BootstrapForm):
    country = forms.ModelChoiceField(queryset=Country.objects.none())  # replaced in __init__
    received_on = forms.DateField(label=gettext_lazy("Received on"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    source_entity = forms.ModelChoiceField(
        label=gettext_lazy("Sent by"), queryset=Entity.objects.filter(is_active=True).order_by("name"),
        to_field_name="code", required=False, empty_label=gettext_lazy("Not a registered entity (e.g. a person)"),
    )
    source_reference = forms.CharField(label=gettext_lazy("Sender's reference"), max_length=100, required=False)
    narrative = forms.CharField(label=gettext_lazy("Narrative"), max_length=TEXT_MAX,
                                widget=forms.Textarea(attrs={"rows": 8}),
                                help_text=gettext_lazy("What was reported, as received. Not protected: "
                                                       "do not put the source's identity here."))
    source_identity = forms.CharField(
        label=gettext_lazy("Identity of the source"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("Protected, encrypted."),
    )
    source_contact = forms.CharField(
        label=gettext_lazy("Contact details of the source"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("Protected, encrypted."),
    )
    protected_fields = ("source_identity", "source_contact")

    def __init__(self, *args: Any, user: Any, fixed_entity: Entity | None = None, **kwargs: Any) -> None:
        # The State field is built here so that its label is translated per request.
        self.base_fields["country"] = country_field(_("State concerned"))
        super().__init__(*args, **kwargs)
        if fixed_entity is not None:
            field = self.fields["source_entity"]
            field.disabled = True
            field.initial = fixed_entity.code
            field.help_text = _("Focal points record allegations for their own entity.")


class OpenCaseForm(BootstrapForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300,
                            help_text=gettext_lazy("Short and neutral, e.g. the person or organisation and the State."))
    country = forms.ModelChoiceField(queryset=Country.objects.none())
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}))
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk now"), choices=RiskLevel.choices,
                                   initial=RiskLevel.ORDINARY)
    risk_notes = forms.CharField(label=gettext_lazy("Risk notes"), required=False, max_length=TEXT_MAX,
                                 widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("Protected, encrypted."))
    assigned_to = forms.ModelChoiceField(label=gettext_lazy("Responsible officer"), queryset=User.objects.none(),
                                         required=False, empty_label=gettext_lazy("Nobody yet"))

    def __init__(self, *args: Any, can_assign: bool, **kwargs: Any) -> None:
        self.base_fields["country"] = country_field(_("State concerned"))
        super().__init__(*args, **kwargs)
        if can_assign:
            self.fields["assigned_to"].queryset = assignable_users()
        else:
            del self.fields["assigned_to"]


def assignable_users() -> Any:
    return User.objects.filter(is_active=True, role__in=ASSIGNABLE_ROLES).order_by("last_name", "first_name", "username")


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


OpenCaseForm.base_fields["assigned_to"].__class__ = OfficerChoiceField


class AttachForm(BootstrapForm):
    reference = forms.CharField(label=gettext_lazy("Case reference"), max_length=20,
                                widget=forms.TextInput(attrs={"placeholder": "RT-2025-00001"}))


# ---------------------------------------------------------------- the case and its workflow


class CaseEditForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    country = forms.ModelChoiceField(queryset=Country.objects.none())
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}))
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk now"), choices=RiskLevel.choices)
    risk_notes = forms.CharField(
        label=gettext_lazy("New risk notes"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Protected, encrypted. The current notes are not shown here; "
                               "leave empty to keep them."),
    )
    clear_risk_notes = forms.BooleanField(label=gettext_lazy("Delete the current risk notes"), required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        self.base_fields["country"] = country_field(_("State concerned"))
        kwargs.setdefault("initial", {
            "version": case.version, "title": case.title, "country": case.country.iso3, "summary": case.summary,
            "risk_level": case.risk_level,
        })
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {k: data[k] for k in ("title", "country", "summary", "risk_level")}
        if data["risk_notes"]:
            values["risk_notes"] = data["risk_notes"]
        elif data["clear_risk_notes"]:
            values["risk_notes"] = ""
        return values


class AssignForm(BootstrapForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    assigned_to = OfficerChoiceField(label=gettext_lazy("Responsible officer"), queryset=User.objects.none(),
                                     required=False, empty_label=gettext_lazy("Nobody (unassigned)"))

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version, "assigned_to": case.assigned_to_id})
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_users()


class TransitionForm(BootstrapForm):
    """Offers only the allowed next statuses but accepts any known one, so that a stale or forged choice
    reaches the workflow and is refused there with its own explanation."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("Recorded on the case timeline."))

    def __init__(self, *args: Any, case: Any, allowed: Iterable[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version})
        super().__init__(*args, **kwargs)
        labels = dict(CaseStatus.choices)
        self.fields["to_status"].widget.choices = [(s, labels[s]) for s in allowed]


# ---------------------------------------------------------------- parties, incidents, engagements, consent


class PartyForm(BootstrapForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PartyKind.choices, initial=PartyKind.INDIVIDUAL)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300, required=False,
                           help_text=gettext_lazy("Leave empty when anonymous."))
    is_anonymous = forms.BooleanField(label=gettext_lazy("Anonymous"), required=False,
                                      help_text=gettext_lazy("The name is never shown; keep the real name below."))
    description = forms.CharField(label=gettext_lazy("Public description"), max_length=300, required=False,
                                  help_text=gettext_lazy('e.g. "a woman human rights defender"'))
    protected_name = forms.CharField(label=gettext_lazy("Real name (anonymous parties)"), max_length=300,
                                     required=False, help_text=gettext_lazy("Protected, encrypted."))
    name_variants = forms.CharField(label=gettext_lazy("Other spellings"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=gettext_lazy("One per line: transliterations, former names."))
    roles = forms.MultipleChoiceField(label=gettext_lazy("Roles"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    is_minor = forms.BooleanField(label=gettext_lazy("Minor"), required=False)
    is_foreign_national = forms.BooleanField(label=gettext_lazy("Foreign national"), required=False)
    consequences = forms.MultipleChoiceField(label=gettext_lazy("What it meant for them"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    contact = forms.CharField(label=gettext_lazy("Contact details"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text=gettext_lazy("Protected, encrypted."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = term_choices("party_role")
        self.fields["consequences"].choices = term_choices("consequence")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("is_anonymous") and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Give the name, or tick “Anonymous”."))
        if data.get("is_anonymous") and (data.get("name") or "").strip():
            self.add_error("name", _("An anonymous party has no public name: put the real name in the "
                                     "protected field."))
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name_variants"] = lines(data["name_variants"])
        return data


class IncidentForm(BootstrapForm):
    date = forms.CharField(label=gettext_lazy("Date"), max_length=10, help_text=DATE_HELP,
                           widget=forms.TextInput(attrs={"placeholder": "2016-03", "inputmode": "numeric"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)
    country = forms.ModelChoiceField(queryset=Country.objects.none())
    forms = forms.MultipleChoiceField(label=gettext_lazy("Forms of reprisal"),
                                      widget=forms.SelectMultiple(attrs={"size": 10}),
                                      help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."))
    perpetrator = forms.ChoiceField(label=gettext_lazy("Perpetrator"), required=False)
    description = forms.CharField(label=gettext_lazy("What happened"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.base_fields["country"] = country_field(_("Country where it happened"), required=False)
        super().__init__(*args, **kwargs)
        self.fields["forms"].choices = term_choices("reprisal_form")
        self.fields["perpetrator"].choices = term_choices("perpetrator", blank=_("Not known"))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["perpetrator"] = data["perpetrator"] or None
        return data


class EngagementForm(BootstrapForm):
    un_body = GroupedUNBodyField(label=gettext_lazy("UN body or mechanism"),
                                 empty_label=gettext_lazy("Choose a UN body…"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of engagement"))
    date = forms.CharField(label=gettext_lazy("Date"), max_length=10, help_text=DATE_HELP,
                           widget=forms.TextInput(attrs={"placeholder": "2016-03", "inputmode": "numeric"}))
    description = forms.CharField(label=gettext_lazy("Details"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = term_choices("engagement_kind", blank=_("Choose a kind…"))


class ConsentForm(BootstrapForm):
    use = forms.ChoiceField(label=gettext_lazy("Use"), choices=ConsentUse.choices)
    granted = forms.TypedChoiceField(label=gettext_lazy("Consent given?"), choices=YES_NO, coerce=lambda v: v == "1",
                                     widget=forms.RadioSelect)
    decided_on = forms.DateField(label=gettext_lazy("Decided on"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=gettext_lazy("How it was given"), max_length=300, required=False)


# ---------------------------------------------------------------- the list filters


class CaseFilterForm(BootstrapForm):
    """The case list's GET filters. Names match the API's query parameters."""

    q = forms.CharField(label=gettext_lazy("Search names and narratives"), max_length=200, required=False)
    country = forms.ModelChoiceField(queryset=Country.objects.none())
    regional_group = forms.ChoiceField(label=gettext_lazy("UN regional group"), required=False)
    un_body = GroupedUNBodyField(label=gettext_lazy("UN body"), required=False, empty_label=gettext_lazy("Any"))
    form = forms.ChoiceField(label=gettext_lazy("Form of reprisal"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role of the affected party"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    open = forms.BooleanField(label=gettext_lazy("Open cases only"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1900, max_value=2100)
    risk_level = forms.ChoiceField(label=gettext_lazy("Risk"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("My cases"), required=False)
    unassigned = forms.BooleanField(label=gettext_lazy("Unassigned"), required=False)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.base_fields["country"] = country_field(_("State"), required=False)
        super().__init__(*args, **kwargs)
        self.fields["country"].empty_label = _("Any")
        anyone: Choices = [("", _("Any"))]
        self.fields["regional_group"].choices = anyone + list(RegionalGroup.choices)
        self.fields["form"].choices = term_choices("reprisal_form", blank=_("Any"))
        self.fields["role"].choices = term_choices("party_role", blank=_("Any"))
        self.fields["status"].choices = anyone + list(CaseStatus.choices)
        self.fields["risk_level"].choices = anyone + list(RiskLevel.choices)

    def filters(self, user: Any) -> CaseFilters:
        data = self.cleaned_data
        term_ids = dict(
            Term.objects.filter(
                vocabulary__in=["reprisal_form", "party_role"], code__in=[c for c in (data["form"], data["role"]) if c]
            ).values_list("vocabulary", "pk")
        ) if data["form"] or data["role"] else {}
        return CaseFilters(
            country=data["country"].pk if data["country"] else None,
            regional_group=data["regional_group"] or None,
            un_body=data["un_body"].pk if data["un_body"] else None,
            form=term_ids.get("reprisal_form"),
            role=term_ids.get("party_role"),
            status=data["status"] or None,
            open_only=data["open"],
            year=data["year"],
            assigned_to=user.pk if data["mine"] else None,
            unassigned=data["unassigned"],
            risk_level=data["risk_level"] or None,
            text=data["q"].strip(),
        )

    @property
    def is_filtered(self) -> bool:
        return any(v not in (None, "", False) for k, v in self.cleaned_data.items() if k != "before")
