"""HTML forms of reports and of the public site: shape only; services check meaning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reprisals.cases.forms import BootstrapForm
from reprisals.reports.models import Annex, ExclusionReason, PeriodStatus
from reprisals.reports.public import PublicFilters

DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(BootstrapForm):
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE)
    symbol = forms.CharField(label=_("Document symbol"), max_length=40, required=False,
                             help_text=_('e.g. "A/HRC/33/19", once known'))
    title = forms.CharField(label=_("Title"), max_length=300, required=False)


class PeriodEditForm(BootstrapForm):
    symbol = forms.CharField(label=_("Document symbol"), max_length=40, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[(PeriodStatus.OPEN, PeriodStatus.OPEN.label),
                                                          (PeriodStatus.DRAFTING, PeriodStatus.DRAFTING.label)])
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=settings.MAX_TEXT_LENGTH,
                              help_text=_("Leave empty for the summary written from the figures."))
    conclusions = forms.CharField(label=_("Conclusions and recommendations"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}), max_length=settings.MAX_TEXT_LENGTH,
                                  help_text=_("Paragraphs separated by an empty line. "
                                              "Leave empty for the standard text."))
    # The version read with the form: saving over a colleague's later change is refused (409), not silent.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class GenerateForm(BootstrapForm):
    date_from = forms.DateField(label=_("From"), widget=DATE)
    date_to = forms.DateField(label=_("To"), widget=DATE)


class ExclusionForm(BootstrapForm):
    case = forms.CharField(label=_("Case reference"), max_length=20, help_text=_("e.g. RT-2016-00012"))
    reason = forms.ChoiceField(label=_("Reason"), choices=ExclusionReason.choices)
    note = forms.CharField(label=_("Note for officers"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class StatisticsForm(BootstrapForm):
    year_from = forms.IntegerField(label=_("From year"), min_value=1900, max_value=2100, required=False)
    year_to = forms.IntegerField(label=_("To year"), min_value=1900, max_value=2100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        a, b = data.get("year_from"), data.get("year_to")
        if a and b and b < a:
            self.add_error("year_to", _("the range ends before it starts"))
        return data

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        a, b = self.cleaned_data.get("year_from"), self.cleaned_data.get("year_to")
        return (dt.date(a, 1, 1) if a else None, dt.date(b, 12, 31) if b else None)


class PublicFilterForm(BootstrapForm):
    state = forms.ChoiceField(label=_("State"), required=False)
    regional_group = forms.ChoiceField(label=_("Regional group"), required=False)
    period = forms.ChoiceField(label=_("Report"), required=False)
    annex = forms.ChoiceField(label=_("Annex"), required=False,
                              choices=[("", _("Any"))] + [(a.value, a.label) for a in Annex])
    form = forms.ChoiceField(label=_("Form of reprisal"), required=False)
    un_body = forms.ChoiceField(label=_("UN body engaged with"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anyone = [("", _("Any"))]
        self.fields["state"].choices = anyone + choices["states"]
        self.fields["regional_group"].choices = anyone + choices["groups"]
        self.fields["period"].choices = anyone + choices["periods"]
        self.fields["form"].choices = anyone + choices["forms"]
        self.fields["un_body"].choices = anyone + choices["bodies"]

    def filters(self) -> PublicFilters:
        d = self.cleaned_data
        return PublicFilters(state=d["state"], regional_group=d["regional_group"],
                             period=int(d["period"]) if d["period"] else None, annex=d["annex"], form=d["form"],
                             un_body=d["un_body"])
