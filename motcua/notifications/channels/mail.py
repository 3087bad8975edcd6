"""E-mail through Django's e-mail backend (SMTP in production).

Connection refused, time-outs and 4xx replies are retryable; a 5xx refusal of the recipient (or of
the message) is permanent. A 5xx refusal of our sender or our login is a configuration error on
our side, so it stays retryable while the operator fixes it.
"""

from __future__ import annotations

import smtplib

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email

from ..conf import notify
from ..models import Channel, OutboxMessage
from ..rendering import render_message
from .base import BaseChannel, Result


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class EmailChannel(BaseChannel):
    name = Channel.EMAIL

    def send(self, message: OutboxMessage) -> Result:
        try:
            validate_email(message.recipient)
        except ValidationError:
            return Result.rejected("not an e-mail address")
        rendered = render_message(event=message.event, channel=Channel.EMAIL, payload=message.payload)
        email = EmailMessage(
            subject=rendered.subject,
            body=rendered.body,
            from_email=notify("FROM_EMAIL") or None,
            to=[message.recipient],
            headers={"Auto-Submitted": "auto-generated"},
        )
        try:
            email.connection = get_connection(fail_silently=False)
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            replies = list(exc.recipients.values())
            detail = "; ".join(f"{code} {_text(text)}" for code, text in replies)
            if replies and all(_permanent(code) for code, _t in replies):
                return Result.rejected(f"recipient refused: {detail}")
            return Result.retryable(f"recipient deferred: {detail}")
        except smtplib.SMTPDataError as exc:
            detail = f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}"
            return Result.rejected(detail) if _permanent(exc.smtp_code) else Result.retryable(detail)
        except smtplib.SMTPResponseException as exc:
            return Result.retryable(f"SMTP {exc.smtp_code} {_text(exc.smtp_error)}")
        except (smtplib.SMTPException, OSError) as exc:
            return Result.retryable(f"{type(exc).__name__}: {exc}")
        return Result.accepted()
