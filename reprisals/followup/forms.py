"""HTML forms of follow-up with States. They check shape only; the services check meaning and their
``ValidationFailed`` messages go back onto the form (``add_domain_errors``). Field names are the
services' argument names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from reprisals.cases.forms import BootstrapForm, add_domain_errors, country_field, un_body_choices
from reprisals.followup import files, rules
from reprisals.followup.choices import (
    STATE_ACTIONS,
    AssessmentLevel,
    CommunicationKind,
    DevelopmentKind,
    ResponseChannel,
)

__all__ = ["add_domain_errors"]

TEXT_MAX = settings.MAX_TEXT_LENGTH
FILES_HELP = gettext_lazy("PDF, Word, OpenDocument, RTF, plain text, PNG or JPEG; up to 10 files of 10 MB each. "
                          "Stored encrypted.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def uploads(uploaded: list[Any], visible_to_state: bool) -> list[files.Upload]:
    """Read uploaded files, never more than one byte over the limit (the service refuses those)."""
    return [files.Upload(f.name or "", f.read(files.MAX_BYTES + 1), visible_to_state) for f in uploaded]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CommunicationForm(BootstrapForm):
    country = country_field(gettext_lazy("State addressed"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CommunicationKind.choices)
    un_body = forms.ChoiceField(label=gettext_lazy("Sent by"))
    symbol = forms.CharField(label=gettext_lazy("Reference or document symbol"), max_length=100, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "AL BHR 3/2024"}))
    sent_on = forms.DateField(label=gettext_lazy("Date sent"), widget=date_input())
    deadline = forms.DateField(
        label=gettext_lazy("Response deadline"), required=False, widget=date_input(),
        help_text=gettext_lazy("Leave empty for the default of the kind: 60 days, 30 for urgent appeals and "
                               "letters of the President of the Human Rights Council."),
    )
    summary = forms.CharField(label=gettext_lazy("Text or summary"), max_length=TEXT_MAX, widget=textarea(6),
                              help_text=gettext_lazy("What the State was told. The State sees this in its portal."))
    internal_notes = forms.CharField(label=gettext_lazy("Internal notes"), max_length=TEXT_MAX, required=False,
                                     widget=textarea(3), help_text=gettext_lazy("Never shown to the State."))
    case_references = forms.CharField(
        label=gettext_lazy("Cases concerned"), max_length=2000,
        help_text=gettext_lazy("Case references separated by spaces or commas, all of the State addressed."),
    )
    attachments = MultipleFileField(label=gettext_lazy("Attachments"), help_text=FILES_HELP)
    shown_to_state = forms.BooleanField(label=gettext_lazy("These files are what was sent: show them to the State"),
                                        required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["un_body"].choices = un_body_choices(gettext_lazy("Choose a UN body…"))



class ImportForm(BootstrapForm):
    file = forms.FileField(label=gettext_lazy("CSV file"),
                           help_text=gettext_lazy("UTF-8, one row per communication, with its answer if any"))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (save nothing)"), required=False)


class AddCasesForm(BootstrapForm):
    case_references = forms.CharField(
        label=gettext_lazy("Cases also raised"), max_length=2000,
        help_text=gettext_lazy("Case references separated by spaces or commas, all of the State addressed."),
    )


class ResponseForm(BootstrapForm):
    received_on = forms.DateField(label=gettext_lazy("Date received"), widget=date_input())
    channel = forms.ChoiceField(label=gettext_lazy("Channel"),
                                choices=[c for c in ResponseChannel.choices if c[0] != ResponseChannel.PORTAL])
    summary = forms.CharField(label=gettext_lazy("Summary of the response"), max_length=TEXT_MAX, widget=textarea(5))
    attachments = MultipleFileField(label=gettext_lazy("Attachments"), help_text=FILES_HELP)


class AssessmentForm(BootstrapForm):
    response = forms.ChoiceField(label=gettext_lazy("Assessing"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("Assessment"), choices=AssessmentLevel.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=20_000, widget=textarea(4), required=False,
                             help_text=gettext_lazy("Required: why the response is judged so."))

    def __init__(self, *args: Any, responses: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = [("", gettext_lazy("No response (the deadline passed without one)"))] + [
            (str(r.pk), gettext_lazy("Response received on %(date)s") % {"date": r.received_on.isoformat()})
            for r in responses
        ]
        for name, label in STATE_ACTIONS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def actions(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _label in STATE_ACTIONS}

    def action_fields(self) -> list[Any]:
        return [self[name] for name, _label in STATE_ACTIONS]


class DecisionForm(BootstrapForm):
    note = forms.CharField(label=gettext_lazy("Reviewer's note"), max_length=20_000, widget=textarea(2),
                           required=False, help_text=gettext_lazy("Required when returning the assessment."))
    close_cases = forms.BooleanField(
        label=gettext_lazy("Also close the cases as adequately addressed, where the rule allows"), required=False)


class DevelopmentForm(BootstrapForm):
    kind = forms.ChoiceField(label=gettext_lazy("What happened"), choices=DevelopmentKind.choices)
    date = forms.CharField(label=gettext_lazy("Date"), max_length=10,
                           help_text=gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD: give only what is known."),
                           widget=forms.TextInput(attrs={"placeholder": "2024-05", "inputmode": "numeric"}))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=TEXT_MAX, widget=textarea(4),
                                  required=False)
    for_next_report = forms.BooleanField(label=gettext_lazy("Follow-up information for the next report"),
                                         required=False, initial=True)


class DeadlineFilterForm(BootstrapForm):
    state = country_field(gettext_lazy("State"), required=False, empty_label=gettext_lazy("All States"))
    un_body = forms.ChoiceField(label=gettext_lazy("UN body"), required=False)
    days = forms.IntegerField(label=gettext_lazy("Due within (days)"), min_value=0, max_value=365, required=False,
                              initial=rules.DUE_SOON_DAYS)
    mine = forms.BooleanField(label=gettext_lazy("Only my cases"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["un_body"].choices = un_body_choices(gettext_lazy("All UN bodies"))


class RecordForm(BootstrapForm):
    state = country_field(gettext_lazy("State"))
    date_from = forms.DateField(label=gettext_lazy("Sent from"), required=False, widget=date_input())
    date_to = forms.DateField(label=gettext_lazy("Sent until"), required=False, widget=date_input())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", gettext_lazy("the period ends before it starts"))
        return data


class PortalResponseForm(BootstrapForm):
    summary = forms.CharField(label=gettext_lazy("Your response"), max_length=TEXT_MAX, widget=textarea(8))
    attachments = MultipleFileField(label=gettext_lazy("Documents"), help_text=FILES_HELP)
