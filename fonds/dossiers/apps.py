from celery.schedules import crontab
from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "fonds.dossiers"
    verbose_name = "Guichets et dossiers"
    ordre_contributions = 20
    taches_periodiques = {
        # Rappels avant la clôture des guichets, et des compléments attendus.
        "dossiers-rappeler-clotures": {
            "task": "fonds.dossiers.tasks.rappeler_clotures",
            "schedule": crontab(hour=8, minute=0),
        },
        "dossiers-rappeler-complements": {
            "task": "fonds.dossiers.tasks.rappeler_complements",
            "schedule": crontab(hour=8, minute=30),
        },
    }

    def demo(self, contexte):
        from . import demo

        demo.guichet_demo(contexte)

    def volume(self):
        from fonds.portail.volume import dossiers

        return [dossiers.guichets, dossiers.dossiers]

    def effacer_volume(self, comptes):
        from fonds.portail.volume import dossiers

        dossiers.effacer(comptes)
