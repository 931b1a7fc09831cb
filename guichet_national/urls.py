from django.urls import path

from .views import appels, appels_dinum, deport, forfaits, forfaits_dinum, groupement, jury

app_name = "guichet_national"

urlpatterns = [
    path("forfaits/<slug:slug>/", forfaits.guichet, name="forfait_guichet"),
    path("forfaits/<slug:slug>/demander/", forfaits.demander, name="forfait_demander"),
    path("forfaits/<slug:slug>/demandes/", forfaits_dinum.demandes, name="forfait_demandes"),
    path("forfaits/<slug:slug>/demandes.csv", forfaits_dinum.exporter, name="forfait_exporter"),
    path("forfaits/demandes/<uuid:uuid>/", forfaits.demande, name="forfait_demande"),
    path(
        "forfaits/demandes/<uuid:uuid>/mise-en-service/",
        forfaits.mise_en_service,
        name="forfait_mise_en_service",
    ),
    path("forfaits/demandes/<uuid:uuid>/revoquer/", forfaits.revoquer, name="forfait_revoquer"),
    # Appels à projets nationaux
    path("appels/", appels.liste, name="appels"),
    path("appels/a-venir/", appels.a_venir, name="appels_a_venir"),
    path("appels/<slug:slug>/", appels.appel, name="appel"),
    path("appels/<slug:slug>/deposer/", appels.deposer, name="appel_deposer"),
    path("appels/<slug:slug>/groupement/", groupement.groupement, name="appel_groupement"),
    path("appels/<slug:slug>/dossiers/", appels_dinum.dossiers, name="appel_dossiers"),
    path(
        "appels/dossiers/<uuid:uuid>/preselection/",
        appels_dinum.preselection,
        name="appel_preselection",
    ),
    path("appels/<slug:slug>/jury/", jury.composition, name="appel_jury"),
    path("appels/<slug:slug>/seance/", appels_dinum.seance, name="appel_seance"),
    path("appels/dossiers/<uuid:uuid>/decision/", appels_dinum.decision, name="appel_decision"),
    path("jury/<slug:slug>/", jury.mes_dossiers, name="jury_dossiers"),
    path("jury/dossiers/<uuid:uuid>/", jury.evaluer, name="jury_evaluer"),
    path("jury/dossiers/<uuid:uuid>/deport/", deport.se_deporter, name="jury_deport"),
]
