"""The applicant's dossier page offers the signed result, its check and its place in the data store;
the verification page speaks Vietnamese by default."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.services import dossier_finish
from motcua.esign.models import ResultDocument
from motcua.esign.render import verify_url

from .conftest import online_at_clerk, result_bytes

pytestmark = pytest.mark.django_db


def test_citizen_downloads_the_signed_result_and_finds_the_check_link(client: Client, world: Any, citizen: Any) -> None:
    dossier = dossier_finish(actor=world.clerk, dossier=online_at_clerk(world, citizen), content="Nội dung kết quả.")
    issued = ResultDocument.objects.get(dossier=dossier)
    client.force_login(citizen)
    page = client.get(reverse("citizen:detail", args=[dossier.pk])).content.decode()
    assert page.count('id="ket-qua"') == 1  # listed once, by the e-result panel
    assert verify_url(issued.code, dossier.code).replace("&", "&amp;") in page
    assert "Check authenticity" in page and "Kho dữ liệu" in page and issued.code in page
    download = reverse("citizen:download", args=[dossier.pk, issued.attachment_id])
    assert download in page
    response = client.get(download)
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == result_bytes(dossier)
    store = client.get(reverse("citizen:store")).content.decode()
    assert issued.title in store


def test_verification_page_is_vietnamese_by_default(client: Client, vietnamese: Any, db: None) -> None:
    page = client.get("/xac-thuc/").content.decode()
    assert "Xác thực kết quả" in page and "Kiểm tra tệp PDF" in page and "Mã kết quả (in trên kết quả)" in page
