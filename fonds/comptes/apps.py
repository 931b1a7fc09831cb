from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "fonds.comptes"
    label = "comptes"
    verbose_name = "Comptes, adhésions et habilitations"

    ordre_contributions = 10

    def demo(self, contexte):
        from . import demo

        demo.comptes(contexte)

    def volume(self):
        from fonds.portail.volume import comptes

        return [comptes.comptes]

    def effacer_volume(self, comptes):
        from fonds.portail.volume import comptes as volume

        volume.effacer(comptes)

    def ready(self):
        from . import journal

        journal.brancher()
