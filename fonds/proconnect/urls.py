from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "proconnect/",
        include(
            [
                path("login/", views.oauth2_login, name="proconnect_login"),
                path("login/callback/", views.oauth2_callback, name="proconnect_callback"),
                path(
                    "logout/callback/",
                    views.retour_de_deconnexion,
                    name="proconnect_logout_callback",
                ),
            ]
        ),
    )
]
