from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "fonds.dossiers"
    verbose_name = "Guichets et dossiers"
