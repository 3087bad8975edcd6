from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "motcua.privacy"
    label = "privacy"
    verbose_name = "Personal data (data-subject requests, retention)"
