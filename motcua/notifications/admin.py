"""Admin: the outbox (read-only) and administrators' message templates, versioned.

Saving a template never changes its text: it adds the next version (`message_template_publish`),
so what each message said can always be traced. The newest active version is used; the list's
actions switch versions off (back to the previous active one, or to the file) and on again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from .events import event_choices
from .models import MessageTemplate, OutboxMessage
from .rendering import render_text
from .services import message_template_publish, message_template_set_active


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "channel", "recipient", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("event_key",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class MessageTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(label=_("event"), choices=event_choices)

    class Meta:
        model = MessageTemplate
        fields = ["event", "channel", "language", "subject", "body", "active"]
        help_texts = {
            "body": _(
                "Django template on the message payload: {{ code }}, {{ applicant_name }}, {{ procedure_name }}, "
                "{{ due|date:'d/m/Y' }}, {{ desk_name }}, {{ desk_phone }}, {{ link }}, {{ name }} (accounts). "
                "SMS: only name, code and dates; sent without diacritics, at most 160 characters."
            ),
            "subject": _("E-mail only."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            try:
                render_text(data.get(name) or "", {})
            except TemplateSyntaxError as exc:
                self.add_error(name, _("Template error: %(error)s") % {"error": exc})
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ("event", "channel", "language", "version", "active", "created_by", "created_at")
    list_filter = ("channel", "language", "active", "event")
    readonly_fields = ("version", "created_by", "created_at")
    actions = ["deactivate", "activate"]

    @admin.action(description=_("Switch off the selected versions (the previous active one, or the file, is used)"))
    def deactivate(self, request: HttpRequest, queryset: Any) -> None:
        message_template_set_active(templates=queryset, active=False)

    @admin.action(description=_("Switch on the selected versions"))
    def activate(self, request: HttpRequest, queryset: Any) -> None:
        message_template_set_active(templates=queryset, active=True)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool) -> None:
        """Every save, add or edit, writes a new version row (the edited row stays as it was)."""
        new = message_template_publish(
            event=obj.event,
            channel=obj.channel,
            language=obj.language,
            subject=obj.subject,
            body=obj.body,
            active=obj.active,
            actor=request.user,
        )
        obj.pk, obj.version, obj.created_by, obj.created_at = new.pk, new.version, new.created_by, new.created_at
