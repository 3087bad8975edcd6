from django.apps import AppConfig


class CitizenConfig(AppConfig):
    """Registered as an app of its own so its Vietnamese catalogue (locale/) is loaded; no models."""

    name = "motcua.portal.citizen"
    label = "citizen"
    verbose_name = "Citizen portal"
