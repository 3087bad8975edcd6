"""Citizen IDs, uploads, codes, the public status page and who sees which dossier."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from motcua.dossiers.codes import code_normalise, code_parse
from motcua.dossiers.errors import DossierError
from motcua.dossiers.identity import cccd_check, id_check
from motcua.dossiers.selectors import dossier_get_for, dossier_list_for, dossier_search, queue_dossiers
from motcua.dossiers.services import dossier_forward
from motcua.dossiers.uploads import upload_check

from .conftest import pdf_bytes, png_bytes


class TestCitizenId:
    def test_valid_number_gives_birth_year_and_sex(self):
        check = cccd_check("001190012345", today=dt.date(2026, 1, 1))
        assert (check.errors, check.birth_year, check.female) == ([], 1990, True)  # 4th digit 1: 1900s, female
        assert cccd_check("010301001122", today=dt.date(2026, 1, 1)).birth_year == 2001

    @pytest.mark.parametrize(
        "number",
        ["00119001234", "0011900123456", "00119001234a", "999190012345", "003190012345"],
    )
    def test_malformed_or_unknown_province_is_an_error(self, number):
        assert cccd_check(number).errors

    def test_future_birth_year_and_mismatched_date_of_birth(self):
        assert cccd_check("001299012345", today=dt.date(2026, 1, 1)).errors  # born 2099
        assert cccd_check("001190012345", birth_date=dt.date(1991, 5, 1)).errors

    def test_other_id_types(self):
        assert id_check("cmnd", "123456789").warnings and not id_check("cmnd", "123456789").errors
        assert id_check("enterprise", "0101234567-001").errors == []
        assert id_check("enterprise", "12345").errors
        assert id_check("passport", "C1234567").errors == []

    @given(st.text(max_size=20))
    def test_never_crashes(self, text):
        cccd_check(text, today=dt.date(2026, 1, 1))


class TestUploads:
    def upload(self, name, data):
        return upload_check(SimpleUploadedFile(name, data))

    def test_pdf_and_png_are_accepted_by_content(self):
        assert self.upload("scan.PDF", pdf_bytes()).content_type == "application/pdf"
        assert self.upload("anh.jpg", png_bytes()).content_type == "image/png"  # named .jpg, is a PNG

    def test_wrong_type_behind_a_right_extension_is_refused(self):
        with pytest.raises(DossierError, match="only PDF, JPEG and PNG"):
            self.upload("to-khai.pdf", b"MZ\x90\x00 this is an exe")

    def test_empty_oversized_damaged_and_scripted_files_are_refused(self, settings):
        with pytest.raises(DossierError, match="empty"):
            self.upload("a.pdf", b"")
        settings.MOTCUA = {**settings.MOTCUA, "UPLOAD_MAX_FILE_BYTES": 1000}
        with pytest.raises(DossierError, match="larger than"):
            self.upload("a.pdf", pdf_bytes("x" * 2000))
        with pytest.raises(DossierError, match="damaged"):
            self.upload("a.png", png_bytes()[:30])
        with pytest.raises(DossierError, match="scripts"):
            self.upload("a.pdf", pdf_bytes("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"))

    def test_decompression_bomb_is_refused(self):
        buffer = io.BytesIO()
        Image.new("1", (10000, 10000)).save(buffer, format="PNG")  # 100 Mpx, a few KB
        with pytest.raises(DossierError, match="too large"):
            self.upload("bom.png", buffer.getvalue())

    def test_hostile_file_names_are_made_safe(self):
        checked = self.upload("../../etc/Tờ khai <script>.pdf", pdf_bytes())
        assert checked.safe_name == "To-khai-script.pdf"
        assert checked.original_name.endswith("<script>.pdf")


class TestCodes:
    def test_normalise_and_parse(self):
        assert code_normalise("  000.00.00.h15-260212-0042 ") == "000.00.00.H15-260212-0042"
        assert code_parse("000.00.00.H15-260212-0042") == ("000.00.00.H15", dt.date(2026, 2, 12), 42)
        assert code_parse("000.00.00.H15-260212-10000")[2] == 10000
        assert code_parse("000.00.00.H15-261399-0001") is None
        assert code_parse("garbage") is None


@pytest.mark.django_db
class TestScoping:
    def test_each_role_sees_what_lifecycle_allows(self, world):
        dossier = dossier_forward(actor=world.desk_officer, dossier=world.receive())
        visible = {
            name: dossier_list_for(user=user).filter(pk=dossier.pk).exists() for name, user in world.users.items()
        }
        assert visible == {
            "desk_officer": True,
            "desk_officer_2": True,
            "head": True,  # the assignment step is in their agency, no department fixed
            "specialist": True,  # the appraisal step names no department: open to the agency's specialists
            "leader": True,
            "clerk": True,  # likewise the issuing step
            "other_specialist": False,
            "other_leader": False,
            "auditor": True,  # the province's auditor sees its agencies' dossiers
            "administrator": False,  # no personal data without a grant
        }

    def test_hidden_and_missing_give_the_same_404(self, world):
        from django.http import Http404

        dossier = world.receive()
        with pytest.raises(Http404):
            dossier_get_for(user=world.other_leader, code=dossier.code)
        with pytest.raises(Http404):
            dossier_get_for(user=world.other_leader, code="000.00.00.H15-260101-9999")
        assert dossier_get_for(user=world.desk_officer, code=dossier.code.lower()) == dossier

    def test_search_by_code_name_id_and_phone(self, world):
        dossier = world.receive()
        officer = world.desk_officer
        assert list(dossier_search(user=officer, text="nguyen thi hoa")) == [dossier]
        assert list(dossier_search(user=officer, text="Nguyễn Thị Hoà")) == [dossier]
        assert list(dossier_search(user=officer, text=dossier.id_number)) == [dossier]
        assert list(dossier_search(user=officer, text="0912345678")) == [dossier]
        assert list(dossier_search(user=officer, text=dossier.code)) == [dossier]
        assert list(dossier_search(user=world.other_leader, text="nguyen thi hoa")) == []

    def test_queues(self, world):
        dossier = world.receive()
        assert [t.dossier for t in queue_dossiers(user=world.desk_officer, key="receive")] == [dossier]
        dossier_forward(actor=world.desk_officer, dossier=dossier)
        assert [t.dossier for t in queue_dossiers(user=world.head, key="assign")] == [dossier]
        assert list(queue_dossiers(user=world.desk_officer, key="receive")) == []
        assert list(queue_dossiers(user=world.other_leader, key="approve")) == []


@pytest.mark.django_db
def test_public_lookup_shows_status_only(client, world):
    dossier = world.receive()
    page = client.get(reverse("portal:lookup"), {"ma": dossier.code.lower()}).content.decode()
    assert dossier.code in page and "Received" in page
    assert "Nguyễn" not in page and dossier.id_number not in page and dossier.phone not in page
    unknown = client.get(reverse("portal:lookup"), {"ma": "000.00.00.H15-260101-9999"}).content.decode()
    assert "No dossier matches this code" in unknown
