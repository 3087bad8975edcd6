"""All writes of the postal channel (services.md §2). Each public function is one transaction."""

from .handovers import ParcelCheck, handover_summary, postal_handover_create, postal_handover_sign
from .orders import (
    CollectedLine,
    OrderInput,
    Sender,
    postal_desks,
    postal_order_cancel,
    postal_order_collect,
    postal_order_create,
)
from .returns import (
    postal_delivery_event_record,
    postal_outbound_sign,
    postal_result_pick_up,
    postal_transition_hook,
    result_data,
)
from .webhooks import webhook_enqueue, webhooks_deliver_due

__all__ = [
    "CollectedLine",
    "OrderInput",
    "ParcelCheck",
    "Sender",
    "handover_summary",
    "postal_delivery_event_record",
    "postal_desks",
    "postal_handover_create",
    "postal_handover_sign",
    "postal_order_cancel",
    "postal_order_collect",
    "postal_order_create",
    "postal_outbound_sign",
    "postal_result_pick_up",
    "postal_transition_hook",
    "result_data",
    "webhook_enqueue",
    "webhooks_deliver_due",
]
