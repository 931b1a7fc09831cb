from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Axe 1 — Consultation et co-construction"
    prefixe_urls = "consultation/"

    def ready(self):
        from fonds.dossiers import types
        from fonds.portail import espace

        from . import admin, investigations, sections, subventions  # noqa: F401
        from . import admin_selection as _admin_selection  # noqa: F401
        from .views import passerelle

        types.enregistrer(subventions.SORTE)
        types.enregistrer(investigations.SORTE)
        # Sur un dossier d'appel national (axe 2), le service retenu dont il vient.
        types.ajouter_panneau(
            "appel_a_projets",
            types.Panneau(
                "consultation/services/panneau_origine.html",
                passerelle.panneau_origine,
                agents_seulement=False,
            ),
        )
        espace.enregistrer(
            espace.Section(
                code="consultation",
                template="consultation/espace.html",
                contexte=sections.ma_consultation,
                ordre=30,
            )
        )
        espace.enregistrer(
            espace.Section(
                code="services_co_construits",
                template="consultation/espace_services.html",
                contexte=sections.mes_services,
                ordre=31,
            )
        )

    def demo(self, contexte):
        from .demo import demo

        demo(contexte)

    def volume(self):
        from . import volume

        return [volume.consultation]

    def effacer_volume(self, comptes):
        from . import volume

        volume.effacer(comptes)

    def pages_du_banc(self, session):
        from .volume import pages_du_banc

        return pages_du_banc(session)
