from django.urls import path

from . import views

app_name = "portail"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("orientation/", views.orientation, name="orientation"),
    path("mon-espace/", views.mon_espace, name="mon_espace"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("sante/", views.sante, name="sante"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("journal-d-audit/", views.journal_audit, name="journal_audit"),
]
