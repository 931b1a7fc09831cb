from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from fonds import contributions

# La connexion à l'administration passe par celle du portail : mêmes limites d'essais (allauth),
# même second facteur, même journal de sécurité.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("adhesions/", include("fonds.comptes.urls")),
    path("collectivites/", include("fonds.collectivites.urls")),
    path("notifications/", include("fonds.notifications.urls")),
    path("", include("fonds.dossiers.urls")),
    # Pages des agents sous /financement/, tableau de bord public sous /tableau-de-bord/.
    path("", include("fonds.financement.urls")),
    path("", include("fonds.portail.urls")),
    # Les pages des axes, sous le préfixe que chaque application déclare (fonds/contributions.py).
    *contributions.urls(),
]

# Les refus d'accès (PermissionDenied) sont journalisés avant d'afficher templates/403.html.
handler400 = "fonds.portail.requetes.requete_invalide"
handler403 = "fonds.comptes.journal.acces_refuse"

admin.site.site_header = "Administration du fonds « Transformation numérique des territoires »"
admin.site.site_title = "Administration du fonds"
