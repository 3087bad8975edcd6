from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostalConfig(AppConfig):
    name = "motcua.postal"
    verbose_name = _("Public postal service")

    def ready(self) -> None:
        from motcua.dossiers.services.hooks import transition_hook_register

        from .services.returns import postal_transition_hook

        transition_hook_register(postal_transition_hook)
