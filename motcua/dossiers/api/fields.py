"""Input pieces shared by the dossier operations: files sent as base64, and the row version."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.dossiers.errors import DossierError
from motcua.dossiers.uploads import CheckedFile, upload_check


class Base64File(serializers.Serializer):
    """A file in JSON: its name and its bytes in base64. Validates to a checked file (PDF, JPEG or PNG)."""

    default_error_messages = {
        "base64": _("The content is not valid base64."),
        "too_large": _("The file is larger than the upload limit."),
    }

    name = serializers.CharField(max_length=255, help_text="File name, e.g. `to-khai.pdf`.")
    content_base64 = serializers.CharField(
        trim_whitespace=True, help_text="The file's bytes in standard base64 (PDF, JPEG or PNG; 10 MB at most)."
    )

    def validate(self, attrs: dict[str, Any]) -> Any:
        encoded = attrs["content_base64"]
        limit = settings.MOTCUA["UPLOAD_MAX_FILE_BYTES"]
        if len(encoded) > (limit + 2) // 3 * 4 + 4:
            self.fail("too_large")
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.fail("base64")
        try:
            return upload_check(SimpleUploadedFile(attrs["name"], data))
        except DossierError as exc:
            raise serializers.ValidationError(str(exc.message), code="invalid") from exc


def checked_file(value: Any) -> CheckedFile | None:
    """The checked file a `Base64File` validated to (None when the optional file was not sent)."""
    return value if isinstance(value, CheckedFile) else None


class VersionedInput(serializers.Serializer):
    """Base of the action inputs: the optional version the caller's view of the dossier was built on."""

    lock_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=(
            "The dossier's `lock_version` as the caller last read it. When given and the dossier has changed "
            "since, the action is refused with 409 `stale` and nothing is written."
        ),
    )
