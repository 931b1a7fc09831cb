from django.apps import AppConfig


class GuichetsTerritoriauxConfig(AppConfig):
    name = "guichets_territoriaux"
    verbose_name = "Axe 3 — Guichets territoriaux"
    prefixe_urls = "territoires/"

    def ready(self):
        from fonds.dossiers import types
        from fonds.enums import Axe
        from fonds.portail import espace

        from . import forms_dossier, panneaux, sections
        from .depenses import LIBELLES
        from .services.guichets import CODE_TERRITORIAL
        from .services.instruction import conditions_de_subvention

        types.enregistrer(
            types.TypeGuichet(
                code=CODE_TERRITORIAL,
                libelle="Guichet territorial d'une préfecture (axe 3)",
                axe=Axe.AXE_3,
                formulaire=forms_dossier.DossierTerritorialForm,
                pieces=(
                    types.Piece(
                        "deliberation", "Délibération ou décision de l'exécutif", obligatoire=True
                    ),
                    types.Piece(
                        "budget", "Budget prévisionnel et plan de financement", obligatoire=True
                    ),
                    types.Piece("devis", "Devis"),
                    types.Piece("autre", "Autre pièce"),
                ),
                colonnes_export=(
                    types.Colonne(
                        "Sorte de dépense",
                        lambda ligne: LIBELLES.get(ligne["donnees"].get("sorte_depense"), ""),
                    ),
                    types.Colonne(
                        "Laboratoire impliqué", lambda ligne: ligne["donnees"].get("lab", "")
                    ),
                ),
                panneaux=(
                    types.Panneau(
                        "guichets_territoriaux/panneau_instruction.html",
                        panneaux.instruction,
                        "laterale",
                    ),
                ),
                subvention=conditions_de_subvention,
            )
        )
        espace.enregistrer(
            espace.Section(
                code="guichet_territorial",
                template="guichets_territoriaux/espace.html",
                contexte=sections.guichet_territorial,
                ordre=30,
            )
        )
        espace.enregistrer(
            espace.Section(
                code="prefecture_axe3",
                template="guichets_territoriaux/espace_prefecture.html",
                contexte=sections.enveloppes_de_la_prefecture,
                ordre=22,
            )
        )

    def demo(self, contexte):
        from .demo import demo

        demo(contexte)

    def volume(self):
        from . import volume

        return [volume.territoriaux]

    def pages_du_banc(self, session):
        from .volume import pages_du_banc

        return pages_du_banc(session)
