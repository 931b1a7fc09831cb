from celery.schedules import crontab
from django.apps import AppConfig


class FinancementConfig(AppConfig):
    name = "fonds.financement"
    verbose_name = "Financement : enveloppes, engagements, subventions"
    ordre_contributions = 30
    taches_periodiques = {
        # Conventions dont le PDF n'est pas produit (génération en échec ou jamais mise en file).
        "financement-relancer-conventions": {
            "task": "fonds.financement.tasks.relancer_conventions_en_attente",
            "schedule": crontab(minute="*/10"),
        },
    }

    def demo(self, contexte):
        from . import demo

        demo.argent_demo(contexte)

    def volume(self):
        from fonds.portail.volume import argent

        return [argent.argent]

    def effacer_volume(self, comptes):
        from fonds.portail.volume import argent

        argent.effacer(comptes)
