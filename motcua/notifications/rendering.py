"""Message text for an outbox row: administrators' template (newest active version) or the file.

Files are `templates/notifications/<event>.<channel>.<language>.txt`; for e-mail the first line is
the subject. Both are Django templates rendered on the payload (auto-escaping off: plain text). A
missing event or language falls back to Vietnamese, then to `_default`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.loader import get_template
from django.utils import timezone, translation
from unidecode import unidecode

from .conf import SMS_ASCII_MAX_CHARS, notify
from .models import Channel, MessageTemplate

logger = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")
_SPACES = re.compile(r"\s+")


class TemplateMissingError(Exception):
    """No template for this event and channel in any language (a configuration error)."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@dataclass(frozen=True)
class Source:
    subject: str
    body: str
    origin: str  # "db:<id>" or the file name, for the log


def language_of(payload: dict[str, Any]) -> str:
    language = str(payload.get("language") or "vi")[:2]
    return language if language in LANGUAGES else "vi"


def _candidates(event: str, language: str) -> list[tuple[str, str]]:
    return [(event, language), (event, "vi"), ("_default", language), ("_default", "vi")]


def _db_source(event: str, channel: str, language: str) -> Source | None:
    row = (
        MessageTemplate.objects.filter(event=event, channel=channel, language=language, active=True)
        .order_by("-version")
        .first()
    )
    return Source(row.subject, row.body, f"db:{row.pk}") if row is not None else None


def _file_source(event: str, channel: str, language: str) -> Source | None:
    name = f"notifications/{event}.{channel}.{language}.txt"
    try:
        text = get_template(name).template.source  # type: ignore[attr-defined]
    except TemplateDoesNotExist:
        return None
    if channel == Channel.EMAIL:
        subject, _sep, body = text.partition("\n")
        return Source(subject, body.lstrip("\n"), name)
    return Source("", text, name)


def template_source(event: str, channel: str, language: str, *, files_only: bool = False) -> Source:
    """The text to render: per language, the newest active DB version, else the file."""
    for event_name, lang in _candidates(event, language):
        source = None if files_only else _db_source(event_name, channel, lang)
        source = source or _file_source(event_name, channel, lang)
        if source is not None:
            return source
    raise TemplateMissingError(f"no template for {event} / {channel}")


def render_text(source: str, context: dict[str, Any]) -> str:
    """Render plain text (no HTML escaping); raises TemplateSyntaxError on a broken template."""
    template = engines["django"].from_string("{% autoescape off %}" + source + "{% endautoescape %}")
    return template.render(context)


def message_context(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload plus what templates need ready-made: `due` as a local datetime, the site name."""
    context = dict(payload)
    due = payload.get("due_date")
    context["due"] = _parse_due(due) if isinstance(due, str) and due else None
    context.setdefault("site_name", settings.MOTCUA.get("SITE_NAME", ""))
    return context


def _parse_due(value: str) -> dt.date | dt.datetime | None:
    """A date ("2026-12-10") or a datetime (shown in local time)."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed


def render_message(*, event: str, channel: str, payload: dict[str, Any]) -> Rendered:
    """Subject and body in the payload's language. A broken DB template falls back to the file."""
    language = language_of(payload)
    context = message_context(payload)
    with translation.override(language):
        source = template_source(event, channel, language)
        try:
            subject, body = render_text(source.subject, context), render_text(source.body, context)
        except TemplateSyntaxError:
            logger.exception("Broken message template %s; using the file", source.origin)
            fallback = template_source(event, channel, language, files_only=True)
            subject, body = render_text(fallback.subject, context), render_text(fallback.body, context)
    subject = _SPACES.sub(" ", subject).strip()
    body = body.strip() + "\n"
    if channel == Channel.SMS:
        return Rendered("", sms_text(body))
    return Rendered(subject, body)


def sms_text(text: str) -> str:
    """One line; ASCII (no diacritics, ≤ 160 characters) or Unicode as the provider setting says."""
    line = _SPACES.sub(" ", text).strip()
    if notify("SMS_ASCII"):
        line = unidecode(line)
        limit = SMS_ASCII_MAX_CHARS
    else:
        limit = int(notify("SMS_UNICODE_MAX_CHARS"))
    if len(line) > limit:
        line = line[: limit - 3].rstrip() + "..."
    return line
