"""Signed electronic results and their public verification (documents-and-codes.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultDocument(models.Model):
    """A result as issued: the signed PDF (an `Attachment` of kind `result`), its SHA-256 and the
    certificate that signed it. `code` is the public result code printed with the verification QR;
    anyone holding the code and the dossier code, or the file itself, can check it at /xac-thuc/."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="result_documents")
    attachment = models.OneToOneField(
        "dossiers.Attachment", on_delete=models.PROTECT, related_name="result_document", null=True, blank=True
    )
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="result_documents")
    code = models.CharField(_("result code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    source = models.CharField(max_length=10, help_text="template or upload")
    source_sha256 = models.CharField(max_length=64, blank=True, help_text="The PDF before signing.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="The signed PDF as issued.")
    signer = models.CharField(max_length=30, help_text="Signer plugin key, e.g. local_pkcs12.")
    certificate_sha256 = models.CharField(max_length=64)
    certificate_subject = models.CharField(max_length=500)
    certificate_issuer = models.CharField(max_length=500)
    certificate_serial = models.CharField(max_length=80)
    certificate_not_after = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("signed result")
        verbose_name_plural = _("signed results")
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return self.code
