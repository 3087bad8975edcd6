"""Administrators edit message templates in the admin: every save is a new version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.notifications.models import MessageTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", "x"))
    return client


def form(**values: str) -> dict[str, str]:
    data = {"event": "dossier.finish", "channel": "sms", "language": "vi", "subject": "", "body": "{{ code }}"}
    data.update(values)
    data["active"] = "on"
    return data


def test_each_save_adds_a_version_and_keeps_the_old_text(admin_client):
    response = admin_client.post(reverse("admin:notifications_messagetemplate_add"), form(body="Một {{ code }}"))
    assert response.status_code == 302
    v1 = MessageTemplate.objects.get()
    assert (v1.version, v1.created_by.username) == (1, "root")
    url = reverse("admin:notifications_messagetemplate_change", args=[v1.pk])
    assert admin_client.post(url, form(body="Hai {{ code }}")).status_code == 302
    assert list(MessageTemplate.objects.order_by("version").values_list("version", "body")) == [
        (1, "Một {{ code }}"),
        (2, "Hai {{ code }}"),
    ]
    changelist = reverse("admin:notifications_messagetemplate_changelist")
    v2 = MessageTemplate.objects.get(version=2)
    admin_client.post(changelist, {"action": "deactivate", "_selected_action": [v2.pk]})
    assert list(MessageTemplate.objects.filter(active=True).values_list("version", flat=True)) == [1]


def test_a_template_that_does_not_compile_is_refused(admin_client):
    response = admin_client.post(reverse("admin:notifications_messagetemplate_add"), form(body="{% if %}"))
    assert response.status_code == 200 and "Template error" in response.content.decode()
    assert not MessageTemplate.objects.exists()
