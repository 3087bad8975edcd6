"""Daily reconciliation: the four outcomes, a re-run changes nothing, the report and its downloads."""

# ruff: noqa: F811 - the fixtures `world` and `fixed_gateway` are imported from test_staff_support

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.audit.models import AuditEvent
from motcua.payments.choices import MatchStatus, PaymentStatus
from motcua.payments.gateways.base import GatewayResult
from motcua.payments.models import GatewayCallback, Payment, ReconciliationLine
from motcua.payments.services.reconcile import reconcile_day

from .test_staff_support import (  # noqa: F401 - fixtures
    TEST_GATEWAY,
    client_for,
    fixed_gateway,
    gateway_attempt,
    gateway_line,
    paid_online,
    world,
)

pytestmark = pytest.mark.django_db


def scenario(world, gateway):
    """matched, gateway_only (lost IPN), gateway_only (unknown), local_only, amount_mismatch."""
    matched = paid_online(world.receive())
    lost_ipn = gateway_attempt(world.receive())
    local_only = paid_online(world.receive())
    mismatch = paid_online(world.receive())
    unknown = GatewayResult(txn_ref="NOSUCHREF001", amount_vnd=50000, paid=True, final=True, gateway_txn_no="GX9")
    gateway.lines = [
        gateway_line(matched),
        gateway_line(lost_ipn),
        gateway_line(mismatch, amount=150000),
        unknown,
    ]
    return {"matched": matched, "lost_ipn": lost_ipn, "local_only": local_only, "mismatch": mismatch}


def by_ref(lines):
    return {line.txn_ref: line for line in lines}


def test_four_outcomes_and_alerts(world, fixed_gateway):
    payments = scenario(world, fixed_gateway)
    day = timezone.localdate()

    lines = by_ref(reconcile_day(day=day, gateway=TEST_GATEWAY))

    assert {ref: line.status for ref, line in lines.items()} == {
        payments["matched"].txn_ref: MatchStatus.MATCHED,
        payments["lost_ipn"].txn_ref: MatchStatus.GATEWAY_ONLY,
        "NOSUCHREF001": MatchStatus.GATEWAY_ONLY,
        payments["local_only"].txn_ref: MatchStatus.LOCAL_ONLY,
        payments["mismatch"].txn_ref: MatchStatus.AMOUNT_MISMATCH,
    }
    settled = Payment.objects.get(pk=payments["lost_ipn"].pk)
    assert settled.status == PaymentStatus.PAID
    assert settled.receipt_no is not None
    assert set(settled.lines.values_list("pk", flat=True)) == set(payments["lost_ipn"].line_ids)
    assert GatewayCallback.objects.filter(kind="settlement", payment=settled).count() == 1
    mismatch = lines[payments["mismatch"].txn_ref]
    assert (mismatch.gateway_amount_vnd, mismatch.local_amount_vnd) == (150000, 200000)
    assert lines["NOSUCHREF001"].agency_id is None
    assert lines[payments["matched"].txn_ref].agency_id == world.justice.pk
    assert AuditEvent.objects.filter(kind="payment.reconcile_alert").count() == 4


def test_rerun_is_idempotent(world, fixed_gateway):
    payments = scenario(world, fixed_gateway)
    day = timezone.localdate()
    first = {line.txn_ref: (line.pk, line.status) for line in reconcile_day(day=day, gateway=TEST_GATEWAY)}

    second = {line.txn_ref: (line.pk, line.status) for line in reconcile_day(day=day, gateway=TEST_GATEWAY)}

    assert second == first
    assert ReconciliationLine.objects.count() == 5
    assert AuditEvent.objects.filter(kind="payment.reconcile_alert").count() == 4
    assert second[payments["lost_ipn"].txn_ref][1] == MatchStatus.GATEWAY_ONLY
    assert AuditEvent.objects.filter(kind="payment.paid", object_id=str(payments["lost_ipn"].pk)).count() == 1

    fixed_gateway.lines = [*fixed_gateway.lines, gateway_line(payments["local_only"])]  # the late settlement line
    third = by_ref(reconcile_day(day=day, gateway=TEST_GATEWAY))
    assert third[payments["local_only"].txn_ref].status == MatchStatus.MATCHED
    assert ReconciliationLine.objects.count() == 5


def test_management_command(world, fixed_gateway):
    scenario(world, fixed_gateway)
    out = io.StringIO()

    call_command("payments_reconcile", "--day", timezone.localdate().isoformat(), "--gateway", TEST_GATEWAY, stdout=out)

    assert "amount_mismatch=1" in out.getvalue()
    assert "gateway_only=2" in out.getvalue()
    assert ReconciliationLine.objects.count() == 5


def report_url(day, fmt=""):
    url = f"{reverse('payments_staff:reconciliation')}?ngay={day.isoformat()}"
    return f"{url}&tai={fmt}" if fmt else url


def test_report_page_per_agency_in_scope(world, fixed_gateway):
    payments = scenario(world, fixed_gateway)
    day = timezone.localdate()
    reconcile_day(day=day, gateway=TEST_GATEWAY)

    page = client_for(world.leader).get(report_url(day)).content.decode()
    assert world.justice.name in page
    assert payments["mismatch"].txn_ref in page
    assert "NOSUCHREF001" not in page  # no agency: superusers only
    assert "3 lines need checking." in page

    other = client_for(world.other_leader).get(report_url(day)).content.decode()
    assert payments["matched"].txn_ref not in other


def test_downloads_csv_and_xlsx(world, fixed_gateway):
    payments = scenario(world, fixed_gateway)
    day = timezone.localdate()
    reconcile_day(day=day, gateway=TEST_GATEWAY)
    client = client_for(world.leader)

    raw = client.get(report_url(day, "csv")).content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Collecting agency", "Gateway", "Transaction reference"]
    mismatch = next(row for row in rows if row[2] == payments["mismatch"].txn_ref)
    assert mismatch[0] == world.justice.name
    assert mismatch[4:7] == ["Amounts differ", "150000", "200000"]
    assert mismatch[7] == payments["mismatch"].dossier.code
    assert len(rows) == 1 + 4

    book = load_workbook(io.BytesIO(client.get(report_url(day, "xlsx")).content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Collecting agency"
    row = next(r for r in values if r[2] == payments["matched"].txn_ref)
    assert (row[0], row[4], row[5], row[6]) == (world.justice.name, "Matched", 200000, 200000)


def test_downloads_in_vietnamese(world, fixed_gateway, vietnamese):
    scenario(world, fixed_gateway)
    day = timezone.localdate()
    reconcile_day(day=day, gateway=TEST_GATEWAY)

    raw = client_for(world.leader).get(report_url(day, "csv"), headers={"Accept-Language": "vi"}).content
    text = raw.decode("utf-8-sig")
    assert text.startswith("Cơ quan thu")
    assert "Lệch số tiền" in text
