from django.urls import path

from . import views

app_name = "comptes"

urlpatterns = [
    path("", views.adhesions, name="adhesions"),
    path("conflits/", views.conflits, name="conflits"),
    path("conflits/declarer/", views.declarer_conflit, name="declarer_conflit"),
    path("demander/", views.demander_adhesion, name="demander_adhesion"),
    path("<uuid:uuid>/", views.adhesion_detail, name="adhesion_detail"),
    path("<uuid:uuid>/valider/", views.valider_adhesion, name="valider_adhesion"),
    path("<uuid:uuid>/refuser/", views.refuser_adhesion, name="refuser_adhesion"),
    path("<uuid:uuid>/retirer/", views.retirer_adhesion, name="retirer_adhesion"),
]
