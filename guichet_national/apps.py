from celery.schedules import crontab
from django.apps import AppConfig


class GuichetNationalConfig(AppConfig):
    name = "guichet_national"
    verbose_name = "Axe 2 — Guichet national"
    prefixe_urls = "national/"
    taches_periodiques = {
        "forfaits-rappeler-dates-cibles": {
            "task": "guichet_national.tasks_forfaits.rappeler_dates_cibles",
            "schedule": crontab(hour=8, minute=30),
        },
        "forfaits-verser-en-service": {
            "task": "guichet_national.tasks_forfaits.verser_forfaits_en_service",
            "schedule": crontab(minute="*/30"),
        },
        # L'argent revenu par un redéploiement sert la liste d'attente sans attendre la
        # prochaine demande (une révocation la sert dans sa propre transaction).
        "forfaits-servir-listes-attente": {
            "task": "guichet_national.tasks_forfaits.servir_les_listes_attente",
            "schedule": crontab(minute="*/5"),
        },
    }

    def ready(self):
        from fonds.dossiers import types
        from fonds.enums import Axe

        from . import admin_forfaits, forms_forfaits, tasks_forfaits  # noqa: F401
        from .models.forfaits import CODE_FORFAIT

        types.enregistrer(
            types.TypeGuichet(
                code=CODE_FORFAIT,
                libelle="Forfait FranceConnect / API nationales (axe 2)",
                axe=Axe.AXE_2,
                formulaire=forms_forfaits.DossierForfaitForm,
                etapes=(("liste_attente", "En liste d'attente"),),
                depot="guichet_national:forfait_demander",
                description="Demande et décision automatique en une étape : "
                "/national/forfaits/<guichet>/demander/.",
            )
        )
        self._enregistrer_appels(types, Axe)

    def _enregistrer_appels(self, types, Axe):
        from fonds.dossiers.enums import Etat

        from . import forms_appels
        from .models.appels import CODE_APPEL, NON_PRESELECTIONNE, PRESELECTIONNE
        from .services.appels import peut_preselectionner

        types.enregistrer(
            types.TypeGuichet(
                code=CODE_APPEL,
                libelle="Appel à projets national (axe 2)",
                axe=Axe.AXE_2,
                formulaire=forms_appels.DossierAppelForm,
                pieces=(
                    types.Piece("deliberation", "Délibération", obligatoire=True),
                    types.Piece("devis", "Devis"),
                    types.Piece("lettres_soutien", "Lettres de soutien des partenaires"),
                ),
                etapes=(
                    (PRESELECTIONNE, "Pré-sélectionné"),
                    (NON_PRESELECTIONNE, "Non pré-sélectionné"),
                ),
                # Gardées : la DINUM seule (un juré habilité au guichet ne les franchit pas).
                transitions=(
                    types.Transition(
                        "preselectionner",
                        "Pré-sélectionner",
                        vers=PRESELECTIONNE,
                        etats=(Etat.EN_INSTRUCTION,),
                        peut=peut_preselectionner,
                    ),
                    types.Transition(
                        "ne_pas_preselectionner",
                        "Ne pas pré-sélectionner",
                        vers=NON_PRESELECTIONNE,
                        etats=(Etat.EN_INSTRUCTION,),
                        peut=peut_preselectionner,
                    ),
                ),
                depot="guichet_national:appel_deposer",
                description="Appel à projets : dépôt du projet et de son budget sur "
                "/national/appels/<guichet>/deposer/, pré-sélection par la DINUM, jury.",
            )
        )

    def demo(self, contexte):
        from . import demo_appels
        from .demo_forfaits import demo

        demo(contexte)
        demo_appels.demo(contexte)

    def volume(self):
        from . import volume_appels, volume_forfaits

        return [volume_forfaits.forfaits, volume_appels.appels]

    def effacer_volume(self, comptes):
        from . import volume_appels, volume_forfaits

        volume_appels.effacer(comptes)
        volume_forfaits.effacer(comptes)

    def pages_du_banc(self, session):
        from . import volume_appels
        from .volume_forfaits import pages_du_banc

        return pages_du_banc(session) + volume_appels.pages_du_banc(session)
