from django.urls import path

from .views import aiguillage, guichets, instruction, national, region, repartition, suivi

app_name = "guichets_territoriaux"

urlpatterns = [
    path("", national.national, name="national"),
    path("repartition/", repartition.repartition, name="repartition"),
    path("regions/<str:code>/", region.region, name="region"),
    path("regions/<str:code>/deleguer/", region.deleguer, name="deleguer"),
    path("regions/<str:code>/reprendre/", region.reprendre, name="reprendre"),
    path("enveloppes/<uuid:uuid>/ouvrir-guichet/", guichets.ouvrir, name="ouvrir_guichet"),
    path("collectivites/<uuid:uuid>/deposer/", aiguillage.deposer, name="deposer"),
    path("dossiers/<uuid:uuid>/", instruction.instruire, name="instruire"),
    path("dossiers/<uuid:uuid>/noter/", instruction.noter, name="noter"),
    path("dossiers/<uuid:uuid>/decider/", instruction.decider, name="decider"),
    path("regions/<str:code>/vue/", suivi.vue_regionale, name="vue_regionale"),
    path("export.csv", suivi.export_national, name="export_national"),
]
