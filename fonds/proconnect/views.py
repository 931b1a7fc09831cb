"""Connexion et déconnexion ProConnect (OpenID Connect, flux « authorization code »).

Le rappel vérifie, en plus de ce que fait allauth (le `state`, l'échange du code) :
- l'ID token : signature par une clé du JWKS de ProConnect, émetteur, audience, expiration,
  et le `nonce` envoyé à la redirection ;
- la réponse userinfo : un JWT signé (`application/jwt`), vérifié de la même façon, dont le
  `sub` est celui de l'ID token.
"""

from __future__ import annotations

import hmac
import logging

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import urlencode

logger = logging.getLogger(__name__)

# L'ID token brut, gardé en session pour la déconnexion (`id_token_hint`).
SESSION_ID_TOKEN = "proconnect_id_token"
SEL_DECONNEXION = "fonds.proconnect.deconnexion"
DUREE_DECONNEXION = 15 * 60  # secondes pour revenir de ProConnect après la déconnexion
# Les algorithmes que ProConnect propose à l'inscription d'un service (RS256 par défaut).
ALGORITHMES = {"RS256", "ES256", "HS256"}


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # Renseigné par `ProConnectCallbackView` avant l'échange du code.
    nonce_attendu: str | None = None

    def __init__(self, request: HttpRequest, provider_id: str = "proconnect") -> None:
        super().__init__(request, provider_id)

    @property
    def basic_auth(self) -> bool:
        # ProConnect attend `client_id` et `client_secret` dans le corps de la requête.
        return False

    def get_callback_url(self, request: HttpRequest, app) -> str:
        return build_absolute_uri(
            request, reverse("proconnect_callback"), self.redirect_uri_protocol
        )

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        id_token_brut = kwargs["response"].get("id_token")
        if not id_token_brut:
            raise OAuth2Error("ProConnect n'a pas transmis d'ID token.")
        id_token = self.decoder_jwt(id_token_brut, requis=["iss", "aud", "exp", "iat", "sub"])
        nonce = id_token.get("nonce")
        if not (
            self.nonce_attendu
            and isinstance(nonce, str)
            and hmac.compare_digest(nonce, self.nonce_attendu)
        ):
            raise OAuth2Error("Le nonce de l'ID token ProConnect ne correspond pas à la demande.")
        userinfo = self._fetch_user_info(token.token)
        if userinfo.get("sub") != id_token["sub"]:
            raise OAuth2Error("La réponse userinfo de ProConnect ne concerne pas la même personne.")
        request.session[SESSION_ID_TOKEN] = id_token_brut
        return self.get_provider().sociallogin_from_response(
            request, {"id_token": id_token, "userinfo": userinfo}
        )

    def _fetch_user_info(self, access_token: str) -> dict:
        with get_adapter().get_requests_session() as sess:
            response = sess.get(
                self.profile_url,
                headers={"Authorization": f"Bearer {access_token}", "Accept": "application/jwt"},
            )
            response.raise_for_status()
        type_de_contenu = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if type_de_contenu != "application/jwt":
            raise OAuth2Error("ProConnect doit renvoyer les informations userinfo signées (JWT).")
        return self.decoder_jwt(response.text.strip(), requis=["iss", "aud", "sub"])

    def decoder_jwt(self, jeton: str, *, requis: list[str]) -> dict:
        """Vérifie la signature (algorithme convenu à l'inscription), l'émetteur et l'audience."""
        app = self.get_provider().app
        algorithme = app.settings.get("algorithme", "RS256")
        if algorithme not in ALGORITHMES:
            raise OAuth2Error(f"Algorithme de signature non pris en charge : {algorithme}")
        try:
            entete = jwt.get_unverified_header(jeton)
            if entete.get("alg") != algorithme:
                raise OAuth2Error(
                    f"Jeton ProConnect signé en {entete.get('alg')}, pas en {algorithme}."
                )
            cle = app.secret if algorithme == "HS256" else self._cle_publique(entete, algorithme)
            return jwt.decode(
                jeton,
                key=cle,
                algorithms=[algorithme],
                audience=app.client_id,
                issuer=self.openid_config["issuer"],
                options={"require": requis},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise OAuth2Error(f"Jeton ProConnect refusé : {exc}") from exc

    def _cle_publique(self, entete: dict, algorithme: str):
        if not hasattr(self, "_jwks"):
            with get_adapter().get_requests_session() as sess:
                response = sess.get(self.openid_config["jwks_uri"])
                response.raise_for_status()
                self._jwks = response.json()
        kid = entete.get("kid")
        for jwk in self._jwks.get("keys", []):
            if (kid is not None and jwk.get("kid") != kid) or jwk.get("use", "sig") != "sig":
                continue
            try:
                return jwt.PyJWK(jwk, algorithm=algorithme).key
            except jwt.PyJWTError:
                continue
        raise OAuth2Error("Aucune clé publiée par ProConnect ne correspond à ce jeton.")


class ProConnectCallbackView(OAuth2CallbackView):
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.adapter.nonce_attendu = _nonce_en_attente(request, self.adapter.get_provider())
        return super().dispatch(request, *args, **kwargs)


def _nonce_en_attente(request: HttpRequest, provider) -> str | None:
    """Le nonce rangé avec l'état lors de la redirection (allauth retire ensuite l'état)."""
    etat = statekit.get_states(request).get(request.GET.get("state", ""))
    if not etat or len(etat) != 3 or etat[2] != provider.sub_id:
        return None
    return etat[0].get("nonce")


@login_not_required
def oauth2_login(request: HttpRequest) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404("ProConnect n'est pas configuré.") from exc


@login_not_required
def oauth2_callback(request: HttpRequest) -> HttpResponse:
    try:
        return ProConnectCallbackView.adapter_view(ProConnectOAuth2Adapter(request))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404("ProConnect n'est pas configuré.") from exc


def adresse_de_fin_de_session(request: HttpRequest) -> str | None:
    """Où envoyer une personne connectée par ProConnect qui se déconnecte : la fin de session
    ProConnect (`end_session_endpoint`, avec `id_token_hint`), qui la ramène ensuite ici.
    `None` pour une connexion par mot de passe, ou si ProConnect ne répond pas."""
    id_token = request.session.get(SESSION_ID_TOKEN)
    if not id_token:
        return None
    try:
        fin_de_session = ProConnectOAuth2Adapter(request).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError):
        logger.warning("Fin de session ProConnect indisponible : déconnexion locale seulement.")
        return None
    if not fin_de_session:
        return None
    etat = signing.dumps(get_random_string(32), salt=SEL_DECONNEXION)
    retour = build_absolute_uri(request, reverse("proconnect_logout_callback"))
    parametres = {"id_token_hint": id_token, "state": etat, "post_logout_redirect_uri": retour}
    return f"{fin_de_session}?{urlencode(parametres)}"


@login_not_required
def retour_de_deconnexion(request: HttpRequest) -> HttpResponse:
    """ProConnect ramène ici après la fin de session ; la session locale est déjà fermée."""
    try:
        signing.loads(request.GET.get("state", ""), salt=SEL_DECONNEXION, max_age=DUREE_DECONNEXION)
    except signing.BadSignature:
        logger.warning("Retour de déconnexion ProConnect avec un state invalide.")
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
