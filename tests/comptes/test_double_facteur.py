import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from fonds.comptes.enums import Role
from tests.comptes.factories import AdhesionFactory, HabilitationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _obligatoire(settings):
    settings.DOUBLE_FACTEUR_OBLIGATOIRE = True


@pytest.mark.parametrize("role", [Role.ADMINISTRATEUR, Role.INSTRUCTEUR, Role.ANCT, Role.DINUM])
def test_un_agent_qui_engage_de_l_argent_doit_activer_le_second_facteur(client, territoire, role):
    kwargs = {"departement": territoire["dx"]} if role == Role.INSTRUCTEUR else {}
    client.force_login(HabilitationFactory(role=role, **kwargs).user)
    response = client.get(reverse("portail:mon_espace"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # La page d'activation et la déconnexion restent ouvertes.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_avec_son_application_d_authentification_l_agent_entre(client, territoire):
    agent = HabilitationFactory(role=Role.DINUM).user
    Authenticator.objects.create(user=agent, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(agent)
    assert client.get(reverse("portail:mon_espace")).status_code == 200


@pytest.mark.parametrize("role", [None, Role.JURE, Role.PARTENAIRE])
def test_les_autres_comptes_n_y_sont_pas_tenus(client, territoire, role):
    user = HabilitationFactory(role=role).user if role else AdhesionFactory().user
    client.force_login(user)
    assert client.get(reverse("portail:mon_espace")).status_code == 200


def test_la_connexion_de_l_administration_passe_par_celle_du_portail(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("limites", [{"login_failed": "5/5m/ip,5/5m/key"}, False])
def test_les_essais_de_connexion_sont_limites(client, settings, limites):
    # Sans limite (False), le sixième essai, juste, connecte : la preuve que le test mord.
    settings.ACCOUNT_RATE_LIMITS = limites
    UserFactory(email="cible@commune.fr")
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "cible@commune.fr", "password": "mauvais"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "cible@commune.fr", "password": "mot-de-passe-de-test"}
    )
    connecte = "_auth_user_id" in client.session
    assert connecte is (limites is False), response.status_code


def test_une_vue_publique_ne_lit_ni_la_session_ni_la_personne(client, territoire):
    """Les middlewares de connexion obligatoire et de second facteur laissent passer une vue
    publique sans lire la session ni charger la personne : la sonde de santé d'une personne
    connectée ne fait que sa propre requête (SELECT 1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent = HabilitationFactory(role=Role.DINUM).user  # sans second facteur activé
    client.force_login(agent)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("portail:sante")).status_code == 200
    assert [q["sql"] for q in requetes.captured_queries] == ["SELECT 1"]
    # Une vue qui demande une connexion le conduit bien à l'activation.
    assert client.get(reverse("portail:mon_espace"))["Location"] == reverse("mfa_activate_totp")
