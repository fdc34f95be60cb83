"""HTML forms of the trackers: shape only (required, length, a value from a list). Meaning is checked by
the services, whose ``ValidationFailed`` field messages ``add_domain_errors`` puts back on the form.
Field names are the services' argument names. Choices from reference data are callables."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reprisals.cases.selectors import list_separator
from reprisals.core.errors import DomainError
from reprisals.reference.i18n import (
    country_names,
    language_column,
    localized_choices,
    localized_name,
    un_body_names,
)
from reprisals.reference.models import Country, UNBody
from reprisals.trackers import rules
from reprisals.trackers.models import ActionKind, AdoptionStatus, Outcome, Platform, RapporteurRole

Choices = list[tuple[Any, Any]]


class TrackerForm(forms.Form):
    """Bootstrap classes on widgets, and error marks for assistive technology."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal on the form: each named field gets its messages, others go on top."""
    for name, messages in exc.fields.items():
        target = name.split(".", 1)[0]
        for message in messages:
            if target in form.fields:
                form.add_error(target, message)
            elif name == NON_FIELD_ERRORS:  # about the record as a whole: no field to name
                form.add_error(None, message)
            else:
                form.add_error(None, f"{name}: {message}")
    if not exc.fields:
        form.add_error(None, exc.message)


def treaty_body_choices() -> Choices:
    column = language_column(get_language())
    names = {code: un_body_names().get(code, {}).get(column) or name
             for code, name in UNBody.objects.filter(code__in=rules.TREATY_BODIES).values_list("code", "name")}
    return [("", _("Choose a treaty body…"))] + [(c, f"{names[c]} ({c})") for c in rules.TREATY_BODIES
                                                  if c in names]


def country_choices(blank: Any) -> Choices:
    rows = list(Country.objects.order_by("name").values_list("iso3", "name"))
    return [("", blank), *localized_choices(rows, lambda code: country_names().get(code, {}))]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def codes(text: str) -> list[str]:
    """ISO codes typed as "CHN, CUB" or "CHN|CUB" or one a line."""
    return [c.upper() for c in re.split(r"[\s,;|]+", text or "") if c]


class SanJoseDateForm(forms.Form):
    on = forms.DateField(label=_("State of adoption on"), required=False, widget=date_input(),
                         error_messages={"invalid": _("Give the date as YYYY-MM-DD, e.g. 2016-06-30.")})

    def clean_on(self) -> dt.date | None:
        """The page says what had happened by a date: a date still to come has no answer yet."""
        on = self.cleaned_data.get("on")
        if on is not None and on > timezone.now().date():
            raise forms.ValidationError(_("the date is in the future"))
        return on


class AdoptionForm(TrackerForm):
    treaty_body = forms.ChoiceField(label=_("Treaty body"), choices=treaty_body_choices)
    status = forms.ChoiceField(label=_("Status"), choices=AdoptionStatus.choices)
    decided_on = forms.DateField(label=_("Date"), widget=date_input())
    date_uncertain = forms.BooleanField(label=_("Date uncertain (decision taken on or before this date)"),
                                        required=False)
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=200, required=False,
                                         help_text=_("Document symbol or session"))
    notes = forms.CharField(label=_("Note (shown on the public page)"), max_length=5000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class RapporteurForm(TrackerForm):
    treaty_body = forms.ChoiceField(label=_("Treaty body"), choices=treaty_body_choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=RapporteurRole.choices)
    started_on = forms.DateField(label=_("In office from"), widget=date_input())
    ended_on = forms.DateField(label=_("In office until"), widget=date_input(), required=False)
    notes = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(TrackerForm):
    treaty_body = forms.ChoiceField(label=_("Treaty body"), choices=treaty_body_choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    taken_on = forms.DateField(label=_("Date"), widget=date_input())
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("State addressed"), required=False,
                                choices=lambda: country_choices(_("Not recorded")))
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    cases = forms.CharField(label=_("Cases in the register"), max_length=2000, required=False,
                            help_text=_("Case references, e.g. RT-2016-00012, separated by commas"))


class ApplicationForm(TrackerForm):
    ngo_name = forms.CharField(label=_("NGO"), max_length=300)
    country = forms.ChoiceField(label=_("Country"), choices=lambda: country_choices(_("Choose a State…")))
    applied_on = forms.DateField(label=_("Date applied"), widget=date_input())
    areas_of_work = forms.CharField(label=_("Areas of work"), max_length=2000, required=False,
                                    help_text=_("Separated by commas"))
    notes = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    case = forms.CharField(label=_("Case in the register"), max_length=40, required=False,
                           help_text=_("When the blocking is reported as a reprisal: the case reference"))


class OutcomeForm(TrackerForm):
    session = forms.CharField(label=_("Session"), max_length=60, help_text=_('e.g. "2024 regular session"'))
    session_date = forms.DateField(label=_("Session date"), widget=date_input())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    questioning_states = forms.CharField(label=_("States that asked questions"), max_length=1000, required=False,
                                         help_text=_("ISO 3166-1 alpha-3 codes separated by commas, e.g. CHN, CUB"))
    notes = forms.CharField(label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkCaseForm(TrackerForm):
    case = forms.CharField(label=_("Case reference"), max_length=40, required=False,
                           help_text=_("Leave empty to remove the link"))


class NGOFilterForm(TrackerForm):
    q = forms.CharField(label=_("NGO name"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=lambda: country_choices(_("Any")))
    session = forms.CharField(label=_("Considered at session"), max_length=60, required=False)
    min_deferrals = forms.IntegerField(label=_("Deferred at least"), min_value=0, max_value=1000, required=False)
    pending = forms.BooleanField(label=_("Only applications still pending"), required=False)


class ImportForm(TrackerForm):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, one row per application and session"))
    dry_run = forms.BooleanField(label=_("Check only (save nothing)"), required=False)


class EvidenceForm(TrackerForm):
    incident = forms.TypedChoiceField(label=_("Incident"), coerce=int)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    url = forms.CharField(label=_("Address (URL)"), max_length=2000, required=False,
                          help_text=_("Recorded only: the system never opens it. http or https."))
    account_handle = forms.CharField(label=_("Account"), max_length=200, required=False,
                                     help_text=_("The account that posted it, e.g. @handle"))
    seen_at = forms.DateTimeField(
        label=_("Seen at (UTC)"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time in UTC"),
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("The words of the post or message, as seen"))
    file = forms.FileField(label=_("Screenshot or file"), required=False,
                           help_text=_("PNG, JPEG, PDF or plain text, at most 10 MB. Stored encrypted."))

    def __init__(self, *args: Any, incidents: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        separator = list_separator()
        self.fields["incident"].choices = [  # forms of reprisal named in the reader's language
            (i.pk, f"{i.date} · {separator.join(localized_name(t) for t in i.forms.all())[:120]}") for i in incidents
        ]
        self.fields["seen_at"].widget.attrs["max"] = timezone.now().strftime("%Y-%m-%dT%H:%M")

    def clean_seen_at(self) -> Any:
        value = self.cleaned_data["seen_at"]
        # The form is in UTC whatever the server's zone: read the entered wall time as UTC.
        return value.replace(tzinfo=dt.UTC) if timezone.is_naive(value) else value.astimezone(dt.UTC)
