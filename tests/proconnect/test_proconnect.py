"""Connexion ProConnect de bout en bout, contre un faux ProConnect.

Le faux fournisseur d'identité répond à la place du réseau (`requests.Session.request`) :
découverte, JWKS, jeton et userinfo signés avec une clé RSA créée pour les tests.
"""

import importlib.util
import json
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from fonds.comptes.adapters import ProConnectAdapter
from fonds.comptes.enums import ModeValidation, StatutAdhesion
from fonds.comptes.models import Adhesion, User
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import UserFactory

pytestmark = pytest.mark.django_db

EMETTEUR = "https://proconnect.test/api/v2"
DECOUVERTE = f"{EMETTEUR}/.well-known/openid-configuration"
CLIENT_ID = "client-du-fonds"
CLIENT_SECRET = "secret-du-fonds"
SIRET_COMMUNE = "21350238800019"  # SIREN 213502388


def _cle_rsa():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def cles():
    return {"proconnect": _cle_rsa(), "pirate": _cle_rsa()}


class FauxProConnect:
    """Répond aux appels HTTP du portail comme ProConnect ; garde la trace des requêtes."""

    kid = "cle-proconnect-1"

    def __init__(self, cles):
        self.cle = cles["proconnect"]
        self.cle_userinfo = cles["proconnect"]
        self.nonce = None  # celui de la demande d'autorisation, sauf si un test le fausse
        self.userinfo = {
            "sub": "sub-agent-42",
            "email": "Camille.Dupont@ville-exemple.fr",
            "given_name": "Camille",
            "usual_name": "Dupont",
            "uid": "agent-42",
            "siret": SIRET_COMMUNE,
            "idp_id": "fi-de-test",
        }
        self.userinfo_en_json = False
        self.requetes = []

    def signer(self, claims, cle=None):
        return jwt.encode(claims, cle or self.cle, algorithm="RS256", headers={"kid": self.kid})

    def claims_communs(self):
        maintenant = int(time.time())
        return {"iss": EMETTEUR, "aud": CLIENT_ID, "iat": maintenant, "exp": maintenant + 60}

    def request(self, session, method, url, **kwargs):
        self.requetes.append((method, url, kwargs))
        if url == DECOUVERTE:
            return _reponse(
                200,
                json.dumps(
                    {
                        "issuer": EMETTEUR,
                        "authorization_endpoint": f"{EMETTEUR}/authorize",
                        "token_endpoint": f"{EMETTEUR}/token",
                        "userinfo_endpoint": f"{EMETTEUR}/userinfo",
                        "end_session_endpoint": f"{EMETTEUR}/session/end",
                        "jwks_uri": f"{EMETTEUR}/jwks",
                        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
                    }
                ),
                "application/json",
            )
        if url == f"{EMETTEUR}/jwks":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.cle.public_key(), as_dict=True)
            jwk.update(kid=self.kid, use="sig", alg="RS256")
            return _reponse(200, json.dumps({"keys": [jwk]}), "application/json")
        if url == f"{EMETTEUR}/token" and method == "POST":
            data = kwargs["data"]
            assert data["client_id"] == CLIENT_ID and data["client_secret"] == CLIENT_SECRET
            if data.get("code") != "code-valide":
                return _reponse(400, '{"error": "invalid_grant"}', "application/json")
            id_token = self.signer(
                {
                    **self.claims_communs(),
                    "sub": self.userinfo["sub"],
                    "nonce": self.nonce,
                    "acr": "eidas1",
                    "amr": ["pwd"],
                }
            )
            corps = {"access_token": "jeton-d-acces", "token_type": "Bearer", "expires_in": 60}
            corps["id_token"] = id_token
            return _reponse(200, json.dumps(corps), "application/json; charset=utf-8")
        if url == f"{EMETTEUR}/userinfo":
            assert kwargs["headers"]["Authorization"] == "Bearer jeton-d-acces"
            if self.userinfo_en_json:
                return _reponse(200, json.dumps(self.userinfo), "application/json")
            claims = {**self.claims_communs(), **self.userinfo}
            return _reponse(200, self.signer(claims, self.cle_userinfo), "application/jwt")
        raise AssertionError(f"Appel réseau inattendu : {method} {url}")


def _reponse(statut, corps, type_de_contenu):
    reponse = requests.Response()
    reponse.status_code = statut
    reponse.reason = "OK" if statut == 200 else "Erreur"
    reponse._content = corps.encode()
    reponse.encoding = "utf-8"
    reponse.headers["Content-Type"] = type_de_contenu
    return reponse


def _reglages(monkeypatch, **variables):
    """`fonds/settings/base.py` relu avec ces variables d'environnement."""
    for nom in ("PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET", "PROCONNECT_SERVER_URL"):
        monkeypatch.delenv(nom, raising=False)
    for nom, valeur in variables.items():
        monkeypatch.setenv(nom, valeur)
    chemin = django_settings.BASE_DIR / "fonds" / "settings" / "base.py"
    spec = importlib.util.spec_from_file_location("reglages_sous_essai", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def idp(cles, monkeypatch, settings):
    reglages = _reglages(
        monkeypatch,
        PROCONNECT_CLIENT_ID=CLIENT_ID,
        PROCONNECT_CLIENT_SECRET=CLIENT_SECRET,
        PROCONNECT_SERVER_URL=DECOUVERTE,
    )
    settings.SOCIALACCOUNT_PROVIDERS = reglages.SOCIALACCOUNT_PROVIDERS
    faux = FauxProConnect(cles)
    monkeypatch.setattr(
        requests.Session,
        "request",
        lambda session, method, url, **kwargs: faux.request(session, method, url, **kwargs),
    )
    return faux


@pytest.fixture
def erreurs(monkeypatch):
    """Les exceptions qui ont fait échouer l'authentification, pour en vérifier la cause."""
    vues = []

    def noter(self, request, provider, error=None, exception=None, extra_context=None):
        vues.append(exception)

    monkeypatch.setattr(ProConnectAdapter, "on_authentication_error", noter)
    return vues


@pytest.fixture
def commune():
    return CollectiviteFactory(nom="Ville-Exemple", siren=SIRET_COMMUNE[:9])


def _demander_autorisation(client, idp):
    """Le clic sur le bouton : redirection vers ProConnect ; le faux IdP note le nonce."""
    response = client.post(reverse("proconnect_login"))
    assert response.status_code == 302
    adresse = urlsplit(response["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{EMETTEUR}/authorize"
    params = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
    idp.nonce = params["nonce"]
    return params


def _se_connecter(client, idp):
    params = _demander_autorisation(client, idp)
    return client.get(
        reverse("proconnect_callback"), {"code": "code-valide", "state": params["state"]}
    )


def _est_connecte(client):
    return "_auth_user_id" in client.session


def test_la_demande_d_autorisation_suit_les_exigences_de_proconnect(client, idp):
    params = _demander_autorisation(client, idp)

    assert len(params["state"]) >= 32
    assert len(params["nonce"]) >= 32
    assert params["state"] != params["nonce"]
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://testserver/comptes/proconnect/login/callback/"
    assert set(params["scope"].split()) == {
        "openid",
        "email",
        "given_name",
        "usual_name",
        "uid",
        "siret",
    }
    assert params["acr_values"] == "eidas1"
    assert json.loads(params["claims"]) == {"id_token": {"amr": {"essential": True}}}
    assert "code_challenge" not in params  # ProConnect refuse les paramètres inconnus
    # Une seconde demande tire un autre state et un autre nonce.
    autres = _demander_autorisation(client, idp)
    assert autres["state"] != params["state"] and autres["nonce"] != params["nonce"]


def test_connexion_cree_le_compte_et_valide_l_adhesion(client, idp, commune):
    response = _se_connecter(client, idp)

    assert response.status_code == 302
    assert response["Location"] == reverse("portail:mon_espace")
    assert _est_connecte(client)
    user = User.objects.get()
    assert str(user.pk) == client.session["_auth_user_id"]
    assert user.email == "camille.dupont@ville-exemple.fr"
    assert (user.first_name, user.last_name) == ("Camille", "Dupont")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    compte = SocialAccount.objects.get(user=user)
    assert (compte.provider, compte.uid) == ("proconnect", "sub-agent-42")
    assert compte.extra_data["siret"] == SIRET_COMMUNE
    assert compte.extra_data["userinfo"]["uid"] == "agent-42"
    adhesion = Adhesion.objects.get(user=user)
    assert adhesion.collectivite == commune
    assert adhesion.statut == StatutAdhesion.VALIDEE
    assert adhesion.mode_validation == ModeValidation.PROCONNECT
    # Le code a été échangé en POST, secret dans le corps (client_secret_post).
    token = next(r for r in idp.requetes if r[1] == f"{EMETTEUR}/token")
    assert token[0] == "POST" and token[2]["data"]["code"] == "code-valide"


def test_un_compte_existant_est_relie_et_son_adhesion_validee(client, idp, commune):
    user = UserFactory(email="camille.dupont@ville-exemple.fr", first_name="Cam", last_name="D")

    _se_connecter(client, idp)

    assert client.session["_auth_user_id"] == str(user.pk)
    assert SocialAccount.objects.get().user == user
    assert Adhesion.objects.get(user=user, collectivite=commune).statut == StatutAdhesion.VALIDEE
    # Une deuxième connexion retrouve le compte et ne crée pas de seconde adhésion.
    client.logout()
    _se_connecter(client, idp)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Adhesion.objects.filter(user=user).count() == 1


def test_siret_inconnu_connexion_sans_adhesion(client, idp, commune):
    idp.userinfo["siret"] = "99999999900011"

    _se_connecter(client, idp)

    assert _est_connecte(client)
    assert User.objects.get().email == "camille.dupont@ville-exemple.fr"
    assert not Adhesion.objects.exists()


def test_mauvais_nonce_refuse(client, idp, commune, erreurs):
    params = _demander_autorisation(client, idp)
    idp.nonce = "n" * 64  # un ID token émis pour une autre demande

    response = client.get(
        reverse("proconnect_callback"), {"code": "code-valide", "state": params["state"]}
    )

    assert response.status_code == 401  # page d'erreur d'authentification d'allauth
    assert not _est_connecte(client)
    assert not User.objects.exists()
    assert not Adhesion.objects.exists()
    assert len(erreurs) == 1 and "nonce" in str(erreurs[0])


def test_userinfo_mal_signee_refusee(client, idp, cles, commune, erreurs):
    idp.cle_userinfo = cles["pirate"]  # même kid, autre clé

    response = _se_connecter(client, idp)

    assert response.status_code == 401

    assert not _est_connecte(client)
    assert not User.objects.exists()
    assert len(erreurs) == 1 and "Signature verification failed" in str(erreurs[0])


def test_userinfo_non_signee_refusee(client, idp, erreurs):
    idp.userinfo_en_json = True

    response = _se_connecter(client, idp)

    assert response.status_code == 401

    assert not _est_connecte(client)
    assert not User.objects.exists()
    assert len(erreurs) == 1 and "signées (JWT)" in str(erreurs[0])


def test_id_token_mal_signe_refuse(client, idp, cles, monkeypatch, erreurs):
    signer = idp.signer
    monkeypatch.setattr(idp, "signer", lambda claims, cle=None: signer(claims, cles["pirate"]))

    response = _se_connecter(client, idp)

    assert response.status_code == 401

    assert not _est_connecte(client)
    assert not User.objects.exists()
    assert len(erreurs) == 1 and "Signature verification failed" in str(erreurs[0])


def test_state_inconnu_refuse(client, idp):
    _demander_autorisation(client, idp)

    response = client.get(
        reverse("proconnect_callback"), {"code": "code-valide", "state": "x" * 64}
    )

    assert response.status_code == 401

    assert not _est_connecte(client)
    assert not any(r[1] == f"{EMETTEUR}/token" for r in idp.requetes)


def test_deconnexion_passe_par_proconnect(client, idp):
    _se_connecter(client, idp)
    id_token = client.session["proconnect_id_token"]

    response = client.post(reverse("account_logout"))

    assert not _est_connecte(client)
    adresse = urlsplit(response["Location"])
    assert f"{adresse.scheme}://{adresse.netloc}{adresse.path}" == f"{EMETTEUR}/session/end"
    params = {cle: valeurs[0] for cle, valeurs in parse_qs(adresse.query).items()}
    assert params["id_token_hint"] == id_token
    assert len(params["state"]) >= 32
    assert (
        params["post_logout_redirect_uri"]
        == "http://testserver/comptes/proconnect/logout/callback/"
    )
    retour = client.get(reverse("proconnect_logout_callback"), {"state": params["state"]})
    assert retour.status_code == 302
    assert retour["Location"] == reverse("portail:accueil")


def test_deconnexion_sans_proconnect_reste_locale(client, idp):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("portail:accueil")
    assert idp.requetes == []


def test_bouton_affiche_quand_proconnect_est_configure(client, idp):
    html = render_to_string("proconnect/bouton.html", request=RequestFactory().get("/"))

    assert 'class="fr-connect"' in html
    assert "ProConnect" in html
    assert f'action="{reverse("proconnect_login")}?process=login"' in html


def test_sans_client_id_proconnect_est_absent(client, monkeypatch):
    reglages = _reglages(monkeypatch)
    assert "fonds.proconnect" not in reglages.INSTALLED_APPS
    assert "proconnect" not in reglages.SOCIALACCOUNT_PROVIDERS

    # Les réglages de test ne configurent pas ProConnect : ni bouton, ni connexion.
    html = render_to_string("proconnect/bouton.html", request=RequestFactory().get("/"))
    assert html.strip() == ""
    assert "ProConnect" not in client.get(reverse("account_login")).content.decode()
    assert client.post(reverse("proconnect_login")).status_code == 404


def test_avec_client_id_proconnect_est_installe(monkeypatch):
    reglages = _reglages(monkeypatch, PROCONNECT_CLIENT_ID=CLIENT_ID)

    assert "fonds.proconnect" in reglages.INSTALLED_APPS
    app = reglages.SOCIALACCOUNT_PROVIDERS["proconnect"]["APPS"][0]
    assert app["client_id"] == CLIENT_ID
    assert app["settings"]["server_url"].startswith("https://auth.proconnect.gouv.fr/")
    form_action = reglages.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
    assert "https://auth.proconnect.gouv.fr" in form_action


def test_get_sur_l_adresse_de_connexion_demande_confirmation(client, idp):
    # allauth ne redirige pas sur un simple GET (SOCIALACCOUNT_LOGIN_ON_GET) : il demande de
    # confirmer par un formulaire POST, que le bouton envoie directement.
    response = client.get(reverse("proconnect_login"))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert not any(r[1].endswith("/token") for r in idp.requetes)
