from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from motcua.dossiers.services.hooks import transition_hook_register

        from .services.refunds import refunds_on_transition

        transition_hook_register(refunds_on_transition)
