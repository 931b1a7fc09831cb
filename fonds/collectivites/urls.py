from django.urls import path

from . import views

app_name = "collectivites"

urlpatterns = [
    path("recherche/", views.recherche, name="recherche"),
]
