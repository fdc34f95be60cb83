"""The audit log page for auditors: read the log with filters, and check that its chain holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reprisals.accounts.roles import Cap
from reprisals.cases.forms import BootstrapForm
from reprisals.cases.views import page
from reprisals.core.access import requires
from reprisals.core.audit import audit_check as chain_check
from reprisals.core.audit_selectors import AuditFilters, audit_actions, audit_page

PAGE_SIZE = 100


class AuditFilterForm(BootstrapForm):
    action = forms.CharField(label=gettext_lazy("Action"), required=False, max_length=60,
                             help_text=gettext_lazy('Exactly, or the start ending in a dot: "case." for all on cases.'))
    actor = forms.CharField(label=gettext_lazy("Who"), required=False, max_length=150,
                            help_text=gettext_lazy('User name, or "system".'))
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False, max_length=60)
    object_id = forms.CharField(label=gettext_lazy("Object id"), required=False, max_length=60)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(action=data["action"].strip(), actor=data["actor"].strip(),
                            object_type=data["object_type"].strip(), object_id=data["object_id"].strip(),
                            date_from=data["date_from"], date_to=data["date_to"])

    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields if name != "before")


@requires(Cap.AUDIT_READ)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    context: dict[str, Any] = {"section": "audit", "form": form, "entries": [], "older": None,
                               "actions": audit_actions()}
    if not form.is_valid():
        return page(request, "core/audit_log.html", context, status=400)
    before = form.cleaned_data["before"]
    entries, older = audit_page(form.filters(), before=before, limit=PAGE_SIZE)
    context.update(entries=entries, older=older, before=before, filtered=form.is_filtered())
    return page(request, "core/audit_log.html", context)


@requires(Cap.AUDIT_READ)
def audit_check(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain (POST: it can take a while on a long log) and say whether it holds."""
    if request.method != "POST":
        return redirect("audit_log")
    check = chain_check()
    broken = check.broken
    if broken is None:
        messages.success(request, _("The audit log is intact: no entry was changed, removed or reordered."))
        if check.legacy:
            messages.warning(request, ngettext(
                "%(count)d entry, written before the log was sealed with the data key, is sealed without it: "
                "someone able to write to the database could rewrite it unseen. "
                "`reprisals rotate-key --seal-legacy` seals it under the key.",
                "%(count)d entries, written before the log was sealed with the data key, are sealed without it: "
                "someone able to write to the database could rewrite them unseen. "
                "`reprisals rotate-key --seal-legacy` seals them under the key.",
                check.legacy) % {"count": check.legacy})
        if check.old_key:
            messages.warning(request, ngettext(
                "%(count)d entry is sealed with an older data key, not the current one: whoever holds that key "
                "could have rewritten it. Check the log with your anchors, then run `reprisals rotate-key` and "
                "remove the old key from REPRISALS_DATA_KEYS_OLD.",
                "%(count)d entries are sealed with an older data key, not the current one: whoever holds that "
                "key could have rewritten them. Check the log with your anchors, then run `reprisals rotate-key` "
                "and remove the old key from REPRISALS_DATA_KEYS_OLD.",
                check.old_key) % {"count": check.old_key})
        for accepted in check.accepted:
            messages.warning(request, _(
                "The audit log holds since a break was accepted: entry #%(seq)d records that %(actor)s accepted "
                "the break at entry #%(break)s on %(at)s and re-sealed the whole log from scratch then.") % {
                "seq": accepted.seq, "actor": accepted.actor, "break": accepted.break_seq,
                "at": timezone.localtime(accepted.at).strftime("%Y-%m-%d %H:%M:%S")})
    elif broken.missing_key:
        messages.error(request, _("The audit log cannot be checked from entry #%(seq)d on: %(reason)s.") % {
            "seq": broken.seq, "reason": broken.reason})
    else:
        messages.error(request, _("The audit log is broken at entry #%(seq)d: %(reason)s.") % {
            "seq": broken.seq, "reason": broken.reason})
    return redirect("audit_log")
