"""Core models: the append-only, hash-chained audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One audited event. Never updated or deleted (``reprisals rotate-key`` re-seals the chain under the
    new key: ``hash``, ``prev_hash`` and ``key_id`` only); each row's hash covers the previous row's hash, and
    its ``content_hash``, which no key and no re-seal changes, covers the previous row's content hash.
    The hash is an HMAC-SHA256 under the audit key derived from the data key whose id is ``key_id``;
    entries written before keyed sealing have ``key_id`` "" and a plain SHA-256.

    The actor is stored as a plain id and label, not a foreign key, so that deleting an account can
    never cascade into (or be blocked by) the log. Payloads hold field names, ids and codes, never a
    protected value.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=60, blank=True)
    ip = models.CharField(_("from"), max_length=45, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=8, blank=True, default="")
    # Unkeyed running digest of the content (``audit.content_hash``): never rewritten by a re-seal, so an
    # anchor on it survives key rotations.
    content_hash = models.CharField(max_length=64, blank=True, default="")
    # Set for every entry written by the keyed code (False for the entries stored before it): bound into
    # the seal and the content hash, so such an entry can never pass for a legacy one (``key_id`` "").
    sealed_at_write = models.BooleanField(default=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row locked by every writer, so that entries are chained one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"

