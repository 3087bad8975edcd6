from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EsignConfig(AppConfig):
    name = "motcua.esign"
    verbose_name = _("Signed electronic results")
