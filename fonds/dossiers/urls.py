from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("dossiers/<uuid:uuid>/", views.dossier, name="dossier"),
]
