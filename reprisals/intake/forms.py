"""Forms of intake: the secure public form, the status page, the officer's triage actions, file upload,
and reporting schedules. Choices from reference data are callables, evaluated when a form is used."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from reprisals.core.text import refuse_control
from reprisals.intake import attachments
from reprisals.intake.formats import FORMATS
from reprisals.intake.rows import PersonData, SubmissionData
from reprisals.reference.i18n import (
    country_names,
    language_column,
    localized_choices,
    localized_name,
    term_labels,
    un_body_names,
)
from reprisals.reference.models import Country, Entity, Term, UNBody

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
YES_NO_UNKNOWN = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")), ("unknown", gettext_lazy("I do not know"))]


# The public form names States, UN bodies and terms in the reader's language (reference.i18n).


def _countries() -> list[tuple[str, str]]:
    rows = list(Country.objects.order_by("name").values_list("iso3", "name"))
    return [("", "—"), *localized_choices(rows, lambda code: country_names().get(code, {}))]


def _bodies() -> list[tuple[str, str]]:
    rows = list(UNBody.objects.filter(is_active=True).order_by("name").values_list("code", "name"))
    return [("", "—"), *localized_choices(rows, lambda code: un_body_names().get(code, {}))]


def _terms(vocabulary: str, blank: bool = True) -> Any:
    def choices() -> list[tuple[str, str]]:
        column = language_column(get_language())
        terms = Term.objects.filter(vocabulary=vocabulary, is_active=True).values_list("code", "label")
        rows = [(code, term_labels().get((vocabulary, code), {}).get(column) or label) for code, label in terms]
        return [("", "—"), *rows] if blank else rows
    return choices


def _entity_rows() -> list[tuple[str, str]]:
    """Active submitting entities, UN entities named in the reader's language (NGOs keep their own name)."""
    return [(e.code, localized_name(e)) for e in Entity.objects.filter(is_active=True).order_by("name")]


def _entities() -> list[tuple[str, str]]:
    return [("", gettext_lazy("Named in each row (source_entity column)")), *_entity_rows()]


class BootstrapMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files; each checked for its type (on its bytes) and size, then read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(attachments.ALLOWED)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[attachments.CheckedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > attachments.MAX_FILES:
            raise forms.ValidationError(_("send at most %(n)d files") % {"n": attachments.MAX_FILES})
        checked = []
        for upload in files:
            if upload.size > attachments.MAX_BYTES:
                raise forms.ValidationError(_("%(name)s is larger than %(mb)d MB") % {
                    "name": upload.name, "mb": attachments.MAX_BYTES // 1048576})
            try:
                checked.append(attachments.check_file(upload.name, upload.read(attachments.MAX_BYTES + 1)))
            except attachments.AttachmentRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return checked


def _answer(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class PublicSubmissionForm(BootstrapMixin, forms.Form):
    country = forms.ChoiceField(label=gettext_lazy("Which State is responsible, or where did it happen?"),
                                choices=_countries)
    what_happened = forms.CharField(label=gettext_lazy("What happened?"), max_length=100_000,
                                    widget=forms.Textarea(attrs={"rows": 6}))
    incident_date = forms.CharField(label=gettext_lazy("When did it happen?"), max_length=10, required=False,
                                    help_text=gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD"))
    place = forms.CharField(label=gettext_lazy("Where?"), max_length=300, required=False)
    forms_of_reprisal = forms.MultipleChoiceField(label=gettext_lazy("What was done?"), required=False,
                                                  choices=_terms("reprisal_form", blank=False),
                                                  widget=forms.CheckboxSelectMultiple)
    person_name = forms.CharField(label=gettext_lazy("Name of the person or organisation affected"),
                                  max_length=300, required=False)
    person_anonymous = forms.BooleanField(label=gettext_lazy("Do not record the name"), required=False)
    person_description = forms.CharField(label=gettext_lazy("Describe them without naming them"), max_length=300,
                                         required=False, help_text=gettext_lazy('e.g. "a woman lawyer"'))
    un_body = forms.ChoiceField(label=gettext_lazy("Which UN body or mechanism did they cooperate with?"),
                                choices=_bodies, required=False)
    engagement_kind = forms.ChoiceField(label=gettext_lazy("How?"), choices=_terms("engagement_kind"),
                                        required=False)
    engagement_date = forms.CharField(label=gettext_lazy("When?"), max_length=10, required=False,
                                      help_text=gettext_lazy("YYYY, YYYY-MM or YYYY-MM-DD"))
    consent_raise_with_state = forms.ChoiceField(
        label=gettext_lazy("May the UN raise this with the State concerned?"), choices=YES_NO,
        widget=forms.RadioSelect)
    consent_publish_name = forms.ChoiceField(
        label=gettext_lazy("May the name appear in a public UN report?"), choices=YES_NO, widget=forms.RadioSelect)
    consent_publish_anonymously = forms.ChoiceField(
        label=gettext_lazy("May the case appear in a public UN report without the name?"), choices=YES_NO,
        widget=forms.RadioSelect)
    consent_share_un = forms.ChoiceField(
        label=gettext_lazy("May it be shared with other UN bodies?"), choices=YES_NO, widget=forms.RadioSelect)
    in_danger = forms.ChoiceField(label=gettext_lazy("Is the person in danger now?"), choices=YES_NO_UNKNOWN,
                                  widget=forms.RadioSelect)
    detained = forms.ChoiceField(label=gettext_lazy("Is the person detained?"), choices=YES_NO_UNKNOWN,
                                 widget=forms.RadioSelect)
    travelling_to_un_session = forms.ChoiceField(
        label=gettext_lazy("Is the person about to travel to a UN session?"), choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect)
    risk_notes = forms.CharField(label=gettext_lazy("Anything we should know about the risk?"), max_length=5000,
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))
    contact = forms.CharField(label=gettext_lazy("How can we reach you safely? (optional)"), max_length=5000,
                              required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[refuse_control])
    attachments = AttachmentsField(label=gettext_lazy("Documents (optional)"), help_text=gettext_lazy(
        "PDF, PNG, JPEG, DOCX, ODT or TXT; at most 5 files of 10 MB each"))

    protected = ("risk_notes", "contact", "person_name")

    def to_data(self) -> SubmissionData:
        d = self.cleaned_data
        persons = []
        if d["person_name"] or d["person_anonymous"] or d["person_description"]:
            persons.append(PersonData(name="" if d["person_anonymous"] else d["person_name"].strip(),
                                      is_anonymous=bool(d["person_anonymous"]),
                                      description=d["person_description"].strip()))
        return SubmissionData(
            country=d["country"], what_happened=d["what_happened"].strip(), incident_date=d["incident_date"].strip(),
            place=d["place"].strip(), forms=list(d["forms_of_reprisal"]), un_body=d["un_body"],
            engagement_kind=d["engagement_kind"], engagement_date=d["engagement_date"].strip(), persons=persons,
            consent={name: _answer(d[name]) for name in ("consent_raise_with_state", "consent_publish_name",
                                                          "consent_publish_anonymously", "consent_share_un")},
            risk={name: _answer(d[name]) for name in ("in_danger", "detained", "travelling_to_un_session")},
            risk_notes=d["risk_notes"].strip(),
        )


class ReceiptForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("Receipt code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class AddInformationForm(BootstrapMixin, forms.Form):
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    text = forms.CharField(label=gettext_lazy("What do you want to add?"), max_length=100_000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}), validators=[refuse_control])
    attachments = AttachmentsField(label=gettext_lazy("Documents (optional)"))


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is it not taken forward? (staff only)"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(BootstrapMixin, forms.Form):
    reference = forms.CharField(label=gettext_lazy("Case reference"), max_length=20,
                                widget=forms.TextInput(attrs={"placeholder": "RT-2025-00001", "autocomplete": "off"}))


class OpenCaseForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the new case"), max_length=300)


FORMAT_LABELS = {
    "csv": gettext_lazy("CSV (the template's columns)"),
    "xlsx": gettext_lazy("Excel workbook (XLSX)"),
    "json": gettext_lazy("JSON (an array of objects, or JSON Lines)"),
    "uwazi-csv": gettext_lazy("End Reprisals (Uwazi) CSV export"),
}


#: The encodings a file uploaded in the staff UI may be read in ("" is UTF-8); others by ``reprisals import``.
ENCODINGS = [("", "UTF-8"), ("latin-1", "Latin-1 (ISO-8859-1)"), ("cp1252", "Windows-1252")]


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS])
    source = forms.ChoiceField(label=gettext_lazy("Sent by"), choices=_entities, required=False)
    encoding = forms.ChoiceField(label=gettext_lazy("Encoding (CSV)"), required=False, choices=ENCODINGS)

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("files over 20 MB are imported with the command reprisals import"))
        return upload


class ScheduleForm(BootstrapMixin, forms.Form):
    entity = forms.ChoiceField(label=gettext_lazy("Entity"), choices=_entity_rows)
    every_months = forms.IntegerField(label=gettext_lazy("Every (months)"), min_value=1, max_value=12, initial=4)
    starts_on = forms.DateField(label=gettext_lazy("First period starts on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
