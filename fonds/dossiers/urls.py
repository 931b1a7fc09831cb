from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("guichets/", views.guichets, name="guichets"),
    path("guichets/<slug:slug>/", views.guichet, name="guichet"),
    path("guichets/<slug:slug>/commencer/", views.commencer, name="commencer"),
    path("guichets/<slug:slug>/instruction/", views.instruction, name="instruction"),
    path("guichets/<slug:slug>/instruction/export.csv", views.export_csv, name="export_csv"),
    path("guichets/<slug:slug>/instruction/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(
        "guichets/<slug:slug>/instruction/m-attribuer/",
        views.m_attribuer_selection,
        name="m_attribuer_selection",
    ),
    path(
        "guichets/<slug:slug>/instruction/instruire/",
        views.instruire_selection,
        name="instruire_selection",
    ),
    path("dossiers/<uuid:uuid>/", views.dossier, name="dossier"),
    path("dossiers/<uuid:uuid>/decision.pdf", views.lettre_decision, name="lettre_decision"),
    path("dossiers/<uuid:uuid>/modifier/", views.modifier, name="modifier"),
    path("dossiers/<uuid:uuid>/autosauvegarde/", views.autosauvegarde, name="autosauvegarde"),
    path("dossiers/<uuid:uuid>/deposer/", views.deposer, name="deposer"),
    path(
        "dossiers/<uuid:uuid>/complements/repondre/",
        views.repondre_complements,
        name="repondre_complements",
    ),
    path(
        "dossiers/<uuid:uuid>/complements/demander/",
        views.demander_complements,
        name="demander_complements",
    ),
    path("dossiers/<uuid:uuid>/messages/", views.envoyer_message, name="envoyer_message"),
    path("dossiers/<uuid:uuid>/annotations/", views.annoter, name="annoter"),
    path("dossiers/<uuid:uuid>/instruire/", views.passer_en_instruction, name="instruire"),
    path("dossiers/<uuid:uuid>/accepter/", views.accepter, name="accepter"),
    path("dossiers/<uuid:uuid>/refuser/", views.refuser, name="refuser"),
    path("dossiers/<uuid:uuid>/classer/", views.classer_sans_suite, name="classer"),
    path(
        "dossiers/<uuid:uuid>/etapes/<slug:transition>/",
        views.franchir_etape,
        name="franchir_etape",
    ),
    path("dossiers/<uuid:uuid>/attribuer/", views.attribuer, name="attribuer"),
    path("dossiers/<uuid:uuid>/etiquettes/", views.etiqueter, name="etiqueter"),
    path("pieces/<uuid:uuid>/", views.telecharger_piece, name="piece"),
    path("pieces/<uuid:uuid>/retirer/", views.retirer_piece, name="retirer_piece"),
]
