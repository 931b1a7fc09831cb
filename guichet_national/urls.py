from django.urls import path

from .views import forfaits, forfaits_dinum

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
]
