"""Messages to the applicant and to the operator's staff about a postal order (services.md §6).

Written to the outbox inside the event's transaction; texts are the files
`notifications/postal.<event>.<channel>.<lang>.txt`.
"""

from __future__ import annotations

from typing import Any

from motcua.dossiers.services._base import public_base_url
from motcua.notifications.models import Channel
from motcua.notifications.services import outbox_enqueue

from ..models import PostalOrder


def _payload(order: PostalOrder, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "agency_id": order.desk.agency_id,
        "order_code": order.code,
        "code": order.dossier.code if order.dossier_id and order.dossier else "",
        "applicant_name": order.applicant_name,
        "procedure_name": order.procedure_version.name[:300],
        "desk_name": order.desk.name,
        "desk_phone": order.desk.phone,
        "operator_name": order.operator.name,
        "language": "vi",
        "link": f"{public_base_url()}/tra-cuu/?ma={order.dossier.code if order.dossier_id and order.dossier else ''}",
        **extra,
    }


def applicant_notify(order: PostalOrder, event: str, key: str, extra: dict[str, Any] | None = None) -> None:
    outbox_enqueue(
        event=f"postal.{event}",
        event_key=f"postal:{order.pk}:{key}",
        recipients=[(Channel.EMAIL, order.email), (Channel.SMS, order.phone)],
        payload=_payload(order, extra or {}),
    )


def staff_notify(order: PostalOrder, event: str, key: str, extra: dict[str, Any] | None = None) -> None:
    """E-mail to the operator's staff accounts that have an address (the postal workers)."""
    emails = sorted({e for e in order.operator.accounts.values_list("user__email", flat=True) if e})
    if emails:
        outbox_enqueue(
            event=f"postal.{event}",
            event_key=f"postal:{order.pk}:{key}",
            recipients=[(Channel.EMAIL, e) for e in emails],
            payload=_payload(order, extra or {}),
        )
