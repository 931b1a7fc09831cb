"""Pages entières en cache (Redis en production), sûres pour chaque personne.

Une page lue souvent et changée rarement est rendue une fois, puis servie du cache tant que
ce qu'elle montre n'a pas changé. La clé d'une page porte :

- la vue et l'adresse complète (chemin et paramètres : filtres, tri, page) ;
- la **portée** de la personne : anonyme, ou son identifiant, son nom et ses droits (adhésions
  validées ou en attente, habilitations, territoires, statut d'équipe), relus à chaque requête
  par `perms.droits` ; deux personnes aux droits différents n'ont jamais la même clé, et un
  droit retiré change la clé à la requête suivante ;
- un **validateur** propre à la page : une valeur lue dans la base ou une version renouvelée
  par les services à chaque écriture (par ex. le nombre de dossiers d'un guichet et leur
  dernière modification), si bien que la moindre écriture fait rendre la page à nouveau.

Ce qui est propre à chaque requête n'est jamais servi d'une autre : le nonce de la politique
de sécurité du contenu (CSP) et le jeton CSRF sont remplacés par des marques dans la page
gardée, et remis neufs à chaque service. Une page qui a des messages à afficher (« Dossier
déposé. ») n'est ni lue ni écrite dans le cache. Le délai (`DUREE`) n'est qu'un filet.
"""

import hashlib
import re
import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

from fonds.comptes import perms

DUREE = 300
MARQUE_NONCE = "@@nonce-csp@@"
MARQUE_CSRF = "@@jeton-csrf@@"
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
#: En-tête de réponse qui dit si la page vient du cache (« hit ») ou vient d'être rendue.
ENTETE = "X-Cache-Page"


def version(nom: str) -> str:
    """La version courante de `nom` (créée au premier appel) : un numéro que `renouveler`
    change à chaque écriture de ce qu'il suit (chiffres de l'argent, registre…)."""
    cle = f"pages:version:{nom}"
    courante = cache.get(cle)
    if courante is None:
        cache.add(cle, uuid.uuid4().hex, timeout=None)
        courante = cache.get(cle)
    return courante


def renouveler(nom: str) -> None:
    """Ce que suit la version `nom` a changé : les pages qui la lisent seront rendues à
    nouveau."""
    cache.set(f"pages:version:{nom}", uuid.uuid4().hex, timeout=None)


def tout_renouveler() -> None:
    """Oublie toutes les pages gardées (tests, rechargement du registre)."""
    renouveler("generation")


def portee(request) -> str:
    """Qui regarde : tout ce qui change ce qu'une page montre à cette personne."""
    user = request.user
    if not user.is_authenticated:
        return "anonyme"
    d = perms.droits(user)
    return "|".join(
        [
            str(user.pk),
            user.email,
            user.get_full_name(),
            f"equipe={user.is_staff}:{user.is_superuser}",
            *(
                ",".join(sorted(map(str, valeurs)))
                for valeurs in (
                    d.collectivites,
                    d.collectivites_en_attente,
                    d.roles,
                    d.regions,
                    d.departements,
                    d.roles_limites,
                    d.guichets,
                    d.conflits,
                )
            ),
        ]
    )


def _cle(request, vue, validateur: str) -> str:
    brut = "\n".join(
        [
            version("generation"),
            f"{vue.__module__}.{vue.__qualname__}",
            request.get_full_path(),
            portee(request),
            validateur,
        ]
    )
    return "pages:page:" + hashlib.sha256(brut.encode()).hexdigest()


def _a_garder(request, reponse) -> str | None:
    """Le HTML à garder, marques à la place du nonce et du jeton CSRF ; None sinon."""
    if (
        reponse.status_code != 200
        or reponse.streaming
        or not reponse.get("Content-Type", "").startswith("text/html")
        or reponse.has_header("Content-Disposition")
    ):
        return None
    html = reponse.content.decode(reponse.charset)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        html = html.replace(nonce, MARQUE_NONCE)
    return _CSRF.sub(rf"\g<1>{MARQUE_CSRF}\g<2>", html)


def _servir(request, html: str) -> HttpResponse:
    if MARQUE_NONCE in html:
        html = html.replace(MARQUE_NONCE, str(request.csp_nonce))
    if MARQUE_CSRF in html:
        html = html.replace(MARQUE_CSRF, get_token(request))
    reponse = HttpResponse(html)
    reponse[ENTETE] = "hit"
    return reponse


def page_en_cache(validateur: Callable[..., str | None], *, duree: int = DUREE):
    """Garde la page rendue par la vue tant que `validateur(request, **kwargs)` rend la même
    valeur (None : pas de cache pour cette requête). La vue garde ses propres contrôles
    d'accès : le décorateur se place sous ceux qui refusent (404, 403) avant tout rendu, ou
    le validateur lit l'objet par la même portée que la vue."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or len(messages.get_messages(request)):
                return vue(request, *args, **kwargs)
            valeur = validateur(request, *args, **kwargs)
            if valeur is None:
                return vue(request, *args, **kwargs)
            cle = _cle(request, vue, valeur)
            html = cache.get(cle)
            if html is not None:
                return _servir(request, html)
            reponse = vue(request, *args, **kwargs)
            a_garder = _a_garder(request, reponse)
            if a_garder is not None:
                cache.set(cle, a_garder, timeout=duree)
                reponse[ENTETE] = "miss"
            return reponse

        return enveloppe

    return decorateur
