from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "consultation"
    verbose_name = "Axe 1 — Consultation et co-construction"
    prefixe_urls = "consultation/"

    def ready(self):
        from fonds.portail import espace

        from . import admin, sections  # noqa: F401

        espace.enregistrer(
            espace.Section(
                code="consultation",
                template="consultation/espace.html",
                contexte=sections.ma_consultation,
                ordre=30,
            )
        )
