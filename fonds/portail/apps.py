from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "fonds.portail"
    label = "portail"
    verbose_name = "Pages du portail"

    def ready(self):
        from . import sections

        sections.enregistrer_socle()
