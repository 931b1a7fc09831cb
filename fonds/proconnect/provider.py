"""Le fournisseur ProConnect : l'OpenID Connect d'allauth, aux exigences de ProConnect.

Ce qui change par rapport au fournisseur `openid_connect` d'allauth :
- `state` et `nonce` aléatoires de 64 caractères (ProConnect en exige au moins 32) ; le nonce
  est gardé dans l'état de la session et vérifié dans l'ID token (voir `views.py`) ;
- les paramètres d'autorisation sont fixés ici : ProConnect refuse tout paramètre inconnu ;
- les données d'identité : `given_name`, `usual_name` (nom d'usage), `uid`, `siret` ;
  l'adresse e-mail est vérifiée par la fédération.
"""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.utils.crypto import get_random_string

from .views import ProConnectOAuth2Adapter

# ProConnect exige au moins 32 caractères pour `state` et `nonce`.
LONGUEUR_ALEATOIRE = 64
SCOPES = ["openid", "email", "given_name", "usual_name", "uid", "siret"]
# Niveau eIDAS faible, le niveau des comptes d'agents ; `amr` dit comment l'agent s'est
# authentifié (mot de passe, double facteur…).
ACR_VALUES = "eidas1"
CLAIMS = {"id_token": {"amr": {"essential": True}}}


def _donnees_utilisateur(data: dict) -> dict:
    """Les réponses d'identité : userinfo, complétée par l'ID token."""
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


class ProConnectAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        return self.account.extra_data.get("userinfo", {}).get("email") or super().to_str()


class ProConnectProvider(OpenIDConnectProvider):
    id = "proconnect"
    name = "ProConnect"
    account_class = ProConnectAccount
    oauth2_adapter_class = ProConnectOAuth2Adapter
    # Pas de connexion par jeton posté (API « headless ») : le nonce n'y serait pas vérifié.
    supports_token_authentication = False

    # Adresses et rappels : ceux d'un fournisseur OAuth2 ordinaire (`proconnect_login`…),
    # pas ceux des sous-fournisseurs `openid_connect/<provider_id>/`.
    get_login_url = OAuth2Provider.get_login_url
    get_callback_url = OAuth2Provider.get_callback_url

    def get_default_scope(self) -> list[str]:
        return list(SCOPES)

    def get_auth_params(self) -> dict:
        params = {"acr_values": ACR_VALUES, "claims": json.dumps(CLAIMS, separators=(",", ":"))}
        params.update(super().get_auth_params())
        return params

    def get_auth_params_from_request(self, request, action) -> dict:
        # Pas de paramètres venus de l'URL : ProConnect rejette tout paramètre inattendu.
        return self.get_auth_params()

    def get_scope_from_request(self, request) -> list[str]:
        return self.get_scope()

    def get_pkce_params(self) -> dict:
        # ProConnect ne documente pas PKCE et refuse les paramètres qu'il ne connaît pas.
        return {}

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(LONGUEUR_ALEATOIRE)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        # `state_id` devient le paramètre `state` ; le nonce est rangé avec l'état, en session.
        return super().redirect(
            request,
            process,
            next_url,
            data,
            auth_params=auth_params,
            state_id=get_random_string(LONGUEUR_ALEATOIRE),
            nonce=nonce,
            **kwargs,
        )

    def extract_uid(self, data) -> str:
        return str(data["userinfo"]["sub"])

    def extract_extra_data(self, data) -> dict:
        return {**data, "siret": data["userinfo"].get("siret", "")}

    def extract_common_fields(self, data) -> dict:
        infos = _donnees_utilisateur(data)
        return {
            "email": (infos.get("email") or "").strip().lower() or None,
            "first_name": infos.get("given_name", ""),
            "last_name": infos.get("usual_name", ""),
        }

    def extract_email_addresses(self, data) -> list[EmailAddress]:
        email = (_donnees_utilisateur(data).get("email") or "").strip().lower()
        if not email:
            return []
        # Les adresses transmises par ProConnect sont vérifiées par la fédération.
        return [EmailAddress(email=email, verified=True, primary=True)]


provider_classes = [ProConnectProvider]
