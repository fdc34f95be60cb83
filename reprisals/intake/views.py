"""Web pages of intake: the secure public form and its status page (no account), the officers' triage
queue, file import (upload, preview, confirm), templates to download, regular reporting, and a
sender's own submissions. Thin adapters over services and selectors."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reprisals.accounts.roles import Cap
from reprisals.accounts.views import recent_authentication
from reprisals.cases import selectors as case_selectors
from reprisals.cases.views import attempt, page
from reprisals.core.access import AUTHENTICATED, public, requires
from reprisals.core.audit import audit_record
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.services import protected_reveal
from reprisals.core.views import error_page
from reprisals.intake import exports, importer, ratelimit, reporting, selectors, services
from reprisals.intake.attachments import decrypt_bytes, encrypt_bytes
from reprisals.intake.forms import (
    ENCODINGS,
    AddInformationForm,
    AttachForm,
    DeclineForm,
    OpenCaseForm,
    PublicSubmissionForm,
    ReceiptForm,
    ScheduleForm,
    UploadForm,
)
from reprisals.intake.models import ImportBatch, PendingUpload
from reprisals.intake.parsers import FileProblem
from reprisals.reference.models import Entity

SUBMIT_LIMIT = (5, 3600)  # submissions per address per hour
LOOKUP_LIMIT = (20, 600)  # status look-ups per address per 10 minutes
CODE_LIMIT = (10, 3600)  # look-ups and additions per receipt code per hour
TEMPLATES_DIR = services.__file__.rsplit("/", 1)[0] + "/data/templates/"
TEMPLATE_FILES = {
    "submissions.csv": "text/csv", "submissions.json": "application/json",
    "submissions.jsonl": "application/x-ndjson", "end-reprisals-case.csv": "text/csv",
    "submissions.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _too_many(request: HttpRequest) -> HttpResponse:
    response = error_page(request, 429, _("Too many attempts"), _("Please wait a while before trying again."))
    add_never_cache_headers(response)
    response["Retry-After"] = "600"
    return response


# ---------------------------------------------------------------- the public form


@public
def public_submit(request: HttpRequest) -> HttpResponse:
    form = PublicSubmissionForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return page(request, "intake/public_form.html", {"form": form})
    if not ratelimit.allow("submit", ratelimit.client(request), limit=SUBMIT_LIMIT[0], window=SUBMIT_LIMIT[1]):
        return _too_many(request)
    status, result = attempt(form, lambda d: services.submission_receive_public(
        data=form.to_data(), contact=d["contact"].strip(), files=d["attachments"]))
    if status is not None:
        return page(request, "intake/public_form.html", {"form": form}, status=status)
    submission, code = result
    # The code is shown in this response only: never stored, never in a URL, never shown again.
    return page(request, "intake/public_receipt.html", {"code": code, "urgent": submission.is_urgent}, status=201)


def _status_page(request: HttpRequest, code: str, *, add_form: AddInformationForm | None = None,
                 status: int = 200) -> HttpResponse:
    submission = selectors.submission_by_receipt(code)
    state = selectors.effective_status(submission)
    return page(request, "intake/public_status.html", {
        "status_label": selectors.status_label(state), "status_code": state,
        "received_on": submission.submitted_at.date(),
        "add_form": add_form or AddInformationForm(initial={"code": code}),
    }, status=status)


@public
def public_status(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    if request.method != "POST":
        return page(request, "intake/public_lookup.html", {"form": form})
    if not ratelimit.allow("lookup", ratelimit.client(request), limit=LOOKUP_LIMIT[0], window=LOOKUP_LIMIT[1]):
        return _too_many(request)
    if not form.is_valid():
        return page(request, "intake/public_lookup.html", {"form": form}, status=422)
    code = form.cleaned_data["code"].strip()
    if not ratelimit.allow("code", services.receipt_digest(code), limit=CODE_LIMIT[0], window=CODE_LIMIT[1]):
        return _too_many(request)
    try:
        return _status_page(request, code)
    except NotFound:
        form.add_error("code", _("No submission has this receipt code. Check it and try again."))
        return page(request, "intake/public_lookup.html", {"form": form}, status=404)


@public
@require_POST
def public_add(request: HttpRequest) -> HttpResponse:
    form = AddInformationForm(request.POST, request.FILES)
    if not ratelimit.allow("lookup", ratelimit.client(request), limit=LOOKUP_LIMIT[0], window=LOOKUP_LIMIT[1]):
        return _too_many(request)
    code = (request.POST.get("code") or "").strip()
    if not ratelimit.allow("code", services.receipt_digest(code), limit=CODE_LIMIT[0], window=CODE_LIMIT[1]):
        return _too_many(request)
    try:
        selectors.submission_by_receipt(code)
    except NotFound:
        return page(request, "intake/public_lookup.html", {"form": ReceiptForm()}, status=404)
    status, _result = attempt(form, lambda d: services.submission_add_information(
        receipt_code=code, text=d["text"], files=d["attachments"]))
    if status is not None:
        return _status_page(request, code, add_form=form, status=status)
    messages.success(request, _("Thank you. Your information was added."))
    return _status_page(request, code)


# ---------------------------------------------------------------- triage


@requires(Cap.TRIAGE)
def triage(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.triage_queue(request.user)[:200])
    return page(request, "intake/triage.html", {"section": "intake", "items": rows})


def _detail(request: HttpRequest, submission_id: int, *, revealed: dict[str, Any] | None = None,
            forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    submission = selectors.submission_get_for_triage(request.user, submission_id)
    forms = forms or {}
    return page(request, "intake/submission_detail.html", {
        "section": "intake", "s": submission, "status_code": selectors.effective_status(submission),
        "revealed": revealed,
        "attach_form": forms.get("attach") or AttachForm(auto_id="attach_%s"),
        "decline_form": forms.get("decline") or DeclineForm(auto_id="decline_%s"),
        "open_form": forms.get("open") or OpenCaseForm(auto_id="open_%s", initial={"title": submission.title}),
        "updates": list(submission.updates.all()), "attachments": list(submission.attachments.all()),
    }, status=status)


@requires(Cap.TRIAGE)
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    return _detail(request, submission_id)


@requires(Cap.TRIAGE)
@require_POST
def submission_reveal(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = selectors.submission_get_for_triage(request.user, submission_id)
    values = protected_reveal(actor=request.user, obj=submission, fields=["persons", "risk_notes"])
    contact = {}
    if submission.allegation is not None:
        contact = protected_reveal(actor=request.user, obj=submission.allegation, fields=["source_contact"])
    updates = {}
    if submission.updates.exists():
        audit_record(actor=request.user, action="protected.read", obj=submission, payload={"fields": ["updates"]})
        updates = {u.pk: u.text for u in submission.updates.all()}
    revealed = {"persons": selectors.persons_of(submission), "risk_notes": values.get("risk_notes", ""),
                "contact": contact.get("source_contact", ""), "updates": updates}
    return _detail(request, submission_id, revealed=revealed)


@requires(Cap.TRIAGE)
@require_POST
def submission_take(request: HttpRequest, submission_id: int) -> HttpResponse:
    services.submission_take(actor=request.user, submission=submission_id)
    return redirect("intake_submission", submission_id=submission_id)


@requires(Cap.TRIAGE)
@require_POST
def submission_decline(request: HttpRequest, submission_id: int) -> HttpResponse:
    form = DeclineForm(request.POST, auto_id="decline_%s")
    status, _result = attempt(form, lambda d: services.submission_decline(
        actor=request.user, submission=submission_id, reason=d["reason"]))
    if status is not None:
        return _detail(request, submission_id, forms={"decline": form}, status=status)
    messages.success(request, _("The submission was marked as not taken forward."))
    return redirect("intake_triage")


@requires(Cap.TRIAGE)
@require_POST
def submission_attach(request: HttpRequest, submission_id: int) -> HttpResponse:
    form = AttachForm(request.POST, auto_id="attach_%s")

    def attach(d: dict[str, Any]) -> Any:
        try:
            case = case_selectors.case_get_by_reference_for_user(request.user, d["reference"].strip().upper())
        except NotFound:
            raise ValidationFailed.single("reference", _("there is no case with this reference that you may "
                                                         "see")) from None
        return services.submission_attach(actor=request.user, submission=submission_id, case=case)

    status, case = attempt(form, attach)
    if status is not None:
        return _detail(request, submission_id, forms={"attach": form}, status=status)
    messages.success(request, _("The submission was added to case %(case)s.") % {"case": case.reference})
    return redirect("case_detail", case_id=case.pk)


@requires(Cap.TRIAGE)
@require_POST
def submission_open_case(request: HttpRequest, submission_id: int) -> HttpResponse:
    form = OpenCaseForm(request.POST, auto_id="open_%s")
    status, case = attempt(form, lambda d: services.submission_open_case(
        actor=request.user, submission=submission_id, title=d["title"]))
    if status is not None:
        return _detail(request, submission_id, forms={"open": form}, status=status)
    messages.success(request, _("Case %(reference)s was opened.") % {"reference": case.reference})
    return redirect("case_detail", case_id=case.pk)


@requires(Cap.TRIAGE)
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    item = selectors.attachment_get_for_triage(request.user, attachment_id)
    audit_record(actor=request.user, action="attachment.read", obj=item, payload={"submission": item.submission_id})
    response = HttpResponse(decrypt_bytes(item.data), content_type=item.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(item.file_name)}"
    response["Cache-Control"] = "no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# ---------------------------------------------------------------- a sender's own submissions


@requires(Cap.SUBMISSION_VIEW_OWN)
def my_submissions(request: HttpRequest) -> HttpResponse:
    rows = [(s, selectors.status_label(selectors.effective_status(s)), selectors.case_reference_for_sender(s))
            for s in selectors.submissions_of_sender(request.user).order_by("-id")[:200]]
    return page(request, "intake/mine.html", {"section": "intake", "rows": rows})


# ---------------------------------------------------------------- import: upload, preview, confirm


@requires(Cap.IMPORT)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"section": "import", "form": form, "templates": sorted(TEMPLATE_FILES),
                               "batches": ImportBatch.objects.select_related("entity")[:10]}
    if request.method != "POST":
        return page(request, "intake/import_upload.html", context)
    if not form.is_valid():
        return page(request, "intake/import_upload.html", context, status=422)
    upload, fmt = form.cleaned_data["file"], form.cleaned_data["format"]
    source = form.cleaned_data["source"] or None
    encoding = form.cleaned_data["encoding"] or None
    content = upload.read()
    try:
        report = importer.import_validate(lambda: io.BytesIO(content), fmt, source=source, encoding=encoding,
                                          preview_rows=10)
    except FileProblem as exc:
        context["problem"] = exc
        return page(request, "intake/import_upload.html", context, status=422)
    pending = None
    if report.ok:
        stale = timezone.now() - timedelta(days=1)
        PendingUpload.objects.filter(Q(uploaded_by=request.user) | Q(created_at__lt=stale)).delete()
        pending = PendingUpload.objects.create(
            uploaded_by=request.user, format=fmt, file_name=upload.name[:200],
            entity=Entity.objects.filter(code=source).first() if source else None, data=encrypt_bytes(content))
    context.update(report=report, pending=pending, file_name=upload.name, encoding=encoding or "")
    return page(request, "intake/import_preview.html", context, status=200 if report.ok else 422)


def imported_message(created: int, skipped: int) -> str:
    return _("%(imported)s; %(present)s") % {
        "imported": ngettext("Imported %(count)d row", "Imported %(count)d rows", created) % {"count": created},
        "present": ngettext("%(count)d was already present.", "%(count)d were already present.", skipped)
        % {"count": skipped}}


@requires(Cap.IMPORT)
@require_POST
def import_confirm(request: HttpRequest, pending_id: int) -> HttpResponse:
    # The pending upload is locked while it is imported: a second "Import" (a double click, another tab)
    # waits, then finds it already imported and says so.
    with transaction.atomic():
        pending = PendingUpload.objects.select_for_update().filter(pk=pending_id, uploaded_by=request.user).first()
        if pending is None:
            raise NotFound()
        if pending.batch_id is not None:
            messages.info(request, _("This file was already imported (import #%(id)d); nothing more was imported.")
                          % {"id": pending.batch_id})
            return redirect("intake_triage")
        content = decrypt_bytes(pending.data)
        encoding = request.POST.get("encoding") or ""
        if encoding not in dict(ENCODINGS):  # the preview sends back what the upload form accepted; nothing else
            messages.error(request, _("unknown encoding %(e)s") % {"e": encoding[:40]})
            return redirect("intake_import")
        encoding = encoding or None
        entity = Entity.objects.filter(pk=pending.entity_id).first() if pending.entity_id else None
        try:
            report = importer.import_run(actor=request.user, opener=lambda: io.BytesIO(content), fmt=pending.format,
                                         file_name=pending.file_name, encoding=encoding,
                                         source=entity.code if entity else None)
        except FileProblem as exc:
            messages.error(request, exc.message)
            return redirect("intake_import")
        if not report.ok:
            messages.error(request, _("The file is no longer valid; nothing was imported."))
            return redirect("intake_import")
        pending.batch_id, pending.data = report.batch_id, b""
        pending.save(update_fields=["batch", "data"])
    messages.success(request, imported_message(report.created, report.skipped))
    return redirect("intake_triage")


@requires(AUTHENTICATED)
def import_template(request: HttpRequest, name: str) -> HttpResponse:
    if name not in TEMPLATE_FILES:
        raise NotFound()
    if name == "submissions.xlsx":
        body = _xlsx_template()
    else:
        with open(TEMPLATES_DIR + name, "rb") as fh:
            body = fh.read()
    response = HttpResponse(body, content_type=TEMPLATE_FILES[name])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx_template() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "submissions"
    with open(TEMPLATES_DIR + "submissions.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- regular reporting


@requires(Cap.TRIAGE)
def reporting_page(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        result_status, _result = attempt(form, lambda d: reporting.schedule_set(
            actor=request.user, entity=Entity.objects.get(code=d["entity"]), every_months=d["every_months"],
            starts_on=d["starts_on"]))
        if result_status is None:
            messages.success(request, _("The reporting schedule was saved."))
            return redirect("intake_reporting")
        status = result_status
    return page(request, "intake/reporting.html", {
        "section": "reporting", "form": form, "statuses": reporting.schedules_status(),
        "today": timezone.now().date()}, status=status)


@requires(Cap.CASE_VIEW)
@recent_authentication
def export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """JSON or CSV export of every case the user may see (``cases_visible_to``); protected fields never."""
    if fmt not in exports.FORMATS:
        raise NotFound()
    out = io.StringIO()
    exports.export_run(actor=request.user, fmt=fmt, out=out, public=False)
    kind = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(out.getvalue(), content_type=kind)
    ext = "json" if fmt == "json" else "csv"
    response["Content-Disposition"] = f'attachment; filename="register-{fmt}.{ext}"'
    response["Cache-Control"] = "no-store"
    return response

