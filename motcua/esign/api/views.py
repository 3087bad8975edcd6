"""`POST /api/v1/public/verify/`: the verification page's answers as JSON (documents-and-codes.md §5).

Anonymous and CSRF-free. Either a multipart `file` (the PDF: signatures checked, SHA-256 looked up)
or JSON `result_code` + `dossier_code` (our record). An unknown code and a wrong pair give the same
404 body as any missing object; the per-IP limits answer 429 with `Retry-After`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.api.errors import ErrorSerializer
from motcua.api.schema import error_responses
from motcua.api.views import PublicAPIView
from motcua.portal.lookup import client_ip

from ..verify import FileVerdict, RecordFacts, verify_codes, verify_file, verify_throttle


class VerifyInput(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="The PDF to check (multipart/form-data).")
    result_code = serializers.CharField(required=False, max_length=40, help_text="Result code printed on the result.")
    dossier_code = serializers.CharField(required=False, max_length=64, help_text="Dossier code of the result.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("file") is None and not (attrs.get("result_code") and attrs.get("dossier_code")):
            raise serializers.ValidationError(_("Send the PDF file, or the result code and the dossier code."))
        return attrs


class RecordOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    document_number = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)
    agency = serializers.CharField(help_text="Issuing agency.")
    signed_at = serializers.DateTimeField()
    sha256 = serializers.CharField(help_text="SHA-256 of the signed file as issued.")
    certificate_subject = serializers.CharField()
    certificate_issuer = serializers.CharField()
    certificate_serial = serializers.CharField()
    certificate_not_after = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField(help_text="valid or revoked")
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    replaced_by = serializers.CharField(help_text="Result code of the replacement, if any.")


class SignatureOutput(serializers.Serializer):
    field = serializers.CharField()
    intact = serializers.BooleanField(help_text="The signed bytes match the signature.")
    whole_file = serializers.BooleanField(help_text="Nothing was added after the signed range.")
    signer = serializers.CharField()
    organisation = serializers.CharField()
    issuer = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    not_before = serializers.DateTimeField(allow_null=True)
    not_after = serializers.DateTimeField(allow_null=True)
    valid_at_signing = serializers.BooleanField()
    trusted = serializers.BooleanField(help_text="The certificate chains to a root this portal trusts.")


class VerifyOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="file (a PDF was checked) or codes (result code + dossier code)")
    verdict = serializers.ChoiceField(
        choices=["intact", "altered", "unsigned", "unreadable", "found"],
        help_text="For a file: intact, altered, unsigned or unreadable. For codes: found.",
    )
    sha256 = serializers.CharField(allow_null=True, help_text="SHA-256 of the uploaded file.")
    signatures = SignatureOutput(many=True)
    record = RecordOutput(allow_null=True, help_text="Our register entry; null when the file is not ours.")


def _record(record: RecordFacts | None) -> dict[str, Any] | None:
    return {**dataclasses.asdict(record), "status": record.status} if record else None


def _file_output(checked: FileVerdict) -> dict[str, Any]:
    return {
        "kind": "file",
        "verdict": checked.verdict,
        "sha256": checked.sha256,
        "signatures": [dataclasses.asdict(s) for s in checked.signatures],
        "record": _record(checked.record),
    }


def _limited(wait: int) -> Response:
    body: dict[str, Any] = {"code": "verify_limited", "detail": {"retry_after": wait}}
    for key, language in (("message", "vi"), ("message_en", "en")):
        with translation.override(language):
            body[key] = _("Too many checks from your connection: wait %(seconds)s seconds and try again.") % {
                "seconds": wait
            }
    return Response(body, status=429, headers={"Retry-After": str(wait)})


VERIFY_SCHEMA = extend_schema(
    tags=["public"],
    operation_id="public_verify",
    summary="Check a signed result (a PDF, or result code + dossier code)",
    description=(
        "Multipart `file`: every signature of the PDF (intact, covering the whole file, signer, "
        "organisation, time, issuer, validity, trusted) and our record when the file's SHA-256 is a result "
        "we issued. JSON `result_code` + `dossier_code`: our record (document facts only, never personal "
        "data); an unknown code and a wrong pair give the same 404. Limited per client IP (429, Retry-After)."
    ),
    request={"multipart/form-data": VerifyInput, "application/json": VerifyInput},
    responses={
        200: VerifyOutput,
        400: OpenApiResponse(ErrorSerializer, description="Neither a file nor both codes; or a file too large."),
        **error_responses(404),
        429: OpenApiResponse(ErrorSerializer, description="Too many checks from this IP (`verify_limited`)."),
    },
)


class PublicVerifyView(PublicAPIView):
    parser_classes = (MultiPartParser, JSONParser)

    @VERIFY_SCHEMA
    def post(self, request: Request) -> Response:
        query = VerifyInput(data=request.data)
        query.is_valid(raise_exception=True)
        wait = verify_throttle(client_ip(request._request))
        if wait:
            return _limited(wait)
        upload = query.validated_data.get("file")
        if upload is not None:
            limit = settings.MOTCUA["UPLOAD_MAX_FILE_BYTES"]
            data = upload.read(limit + 1)
            if len(data) > limit:
                raise exceptions.ValidationError(
                    {"file": [_("The file is larger than %(mb)s MB.") % {"mb": limit // 2**20}]}
                )
            response = Response(VerifyOutput(_file_output(verify_file(data))).data)
        else:
            record = verify_codes(query.validated_data["result_code"], query.validated_data["dossier_code"])
            if record is None:
                raise exceptions.NotFound()
            output: dict[str, Any] = {
                "kind": "codes",
                "verdict": "found",
                "sha256": None,
                "signatures": [],
                "record": _record(record),
            }
            response = Response(VerifyOutput(output).data)
        response["Cache-Control"] = "private, no-store"
        return response
