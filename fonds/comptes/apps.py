from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "fonds.comptes"
    label = "comptes"
    verbose_name = "Comptes, adhésions et habilitations"

    def ready(self):
        from . import journal

        journal.brancher()
