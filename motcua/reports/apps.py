from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = _("Statistics and reports")

    def ready(self) -> None:
        from motcua.dossiers.services.hooks import transition_hook_register

        from .facts import fact_on_transition

        transition_hook_register(fact_on_transition)
