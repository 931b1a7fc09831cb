from django.urls import path

from . import views

app_name = "financement"

urlpatterns = [
    path("tableau-de-bord/", views.tableau_de_bord, name="tableau_de_bord"),
    path(
        "tableau-de-bord/donnees.csv",
        views.donnees_ouvertes,
        {"format": "csv"},
        name="donnees_ouvertes_csv",
    ),
    path(
        "tableau-de-bord/donnees.json",
        views.donnees_ouvertes,
        {"format": "json"},
        name="donnees_ouvertes_json",
    ),
    path(
        "tableau-de-bord/subventions.csv",
        views.subventions_scdl,
        {"format": "csv"},
        name="subventions_scdl_csv",
    ),
    path(
        "tableau-de-bord/subventions.json",
        views.subventions_scdl,
        {"format": "json"},
        name="subventions_scdl_json",
    ),
    path("financement/enveloppes/", views.enveloppes, name="enveloppes"),
    path("financement/enveloppes/<uuid:uuid>/", views.enveloppe, name="enveloppe"),
    path(
        "financement/enveloppes/<uuid:uuid>/creer/",
        views.creer_enveloppe_fille,
        name="creer_enveloppe_fille",
    ),
    path(
        "financement/enveloppes/<uuid:uuid>/retour/",
        views.retourner_credits,
        name="retourner_credits",
    ),
    path(
        "financement/enveloppes/<uuid:uuid>/redeploiement/",
        views.redeployer_credits,
        name="redeployer_credits",
    ),
    path(
        "financement/enveloppes/<uuid:uuid>/attribution-exceptionnelle/",
        views.attribuer_exceptionnellement,
        name="attribuer_exceptionnellement",
    ),
    path("financement/subventions/", views.subventions, name="subventions"),
    path("financement/mes-subventions/", views.mes_subventions, name="mes_subventions"),
    path(
        "financement/subventions/export.csv",
        views.exporter_subventions,
        {"format": "csv"},
        name="exporter_subventions_csv",
    ),
    path(
        "financement/subventions/export.xlsx",
        views.exporter_subventions,
        {"format": "xlsx"},
        name="exporter_subventions_xlsx",
    ),
    path("financement/subventions/<uuid:uuid>/", views.subvention, name="subvention"),
    path(
        "financement/subventions/<uuid:uuid>/emettre-convention/",
        views.emettre_convention,
        name="emettre_convention",
    ),
    path(
        "financement/subventions/<uuid:uuid>/deposer-convention-signee/",
        views.deposer_convention_signee,
        name="deposer_convention_signee",
    ),
    path(
        "financement/subventions/<uuid:uuid>/contresigner/",
        views.contresigner_convention,
        name="contresigner_convention",
    ),
    path(
        "financement/subventions/<uuid:uuid>/versements/",
        views.enregistrer_versement,
        name="enregistrer_versement",
    ),
    path(
        "financement/subventions/<uuid:uuid>/annuler/",
        views.annuler_subvention,
        name="annuler_subvention",
    ),
    path(
        "financement/subventions/<uuid:uuid>/decheance/",
        views.prononcer_decheance,
        name="prononcer_decheance",
    ),
    path(
        "financement/conventions/<uuid:uuid>/convention.pdf",
        views.telecharger_convention,
        name="telecharger_convention",
    ),
    path(
        "financement/conventions/<uuid:uuid>/convention-signee.pdf",
        views.telecharger_convention,
        {"signee": True},
        name="telecharger_convention_signee",
    ),
]
