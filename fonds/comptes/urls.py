from django.urls import path

from . import views

app_name = "comptes"

urlpatterns = [
    path("", views.adhesions, name="adhesions"),
    path("<uuid:uuid>/", views.adhesion_detail, name="adhesion_detail"),
]
