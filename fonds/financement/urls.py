from django.urls import path

from . import views

app_name = "financement"

urlpatterns = [
    path("financement/subventions/", views.subventions, name="subventions"),
    path("financement/subventions/<uuid:uuid>/", views.subvention, name="subvention"),
]
