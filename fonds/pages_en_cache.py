"""Ce qui se garde en cache (Redis en production) sans jamais porter les données d'une personne.

Une page connectée n'est **jamais** servie du cache : chaque requête d'une personne connectée
passe par les contrôles d'accès de la vue et lit les données courantes (un guichet déplacé, une
habilitation retirée, une annotation corrigée dans l'administration valent à la requête
suivante). Deux choses seulement se gardent :

- **les pages publiques** (`page_publique`) : accueil, orientation, tableau de bord. Elles
  ne sont lues du cache et écrites que pour une requête sans cookie de session ni de
  messages, donc anonyme sans même lire la session ; la clé porte la vue, l'adresse et un
  validateur (une version publique), jamais une personne. Le nonce de la politique de
  sécurité du contenu (CSP) et le jeton CSRF sont remplacés par des marques dans la page
  gardée, et remis neufs à chaque service ;
- **des fragments partagés** (`fragment`) : un morceau de page identique pour tous ceux qui
  le voient (le formulaire de filtres d'un guichet), sous une clé faite de ce qui le
  détermine et d'une version ; la vue a déjà fait ses contrôles avant de le demander.

`version(nom)` / `renouveler(nom)` : un numéro que les services changent à chaque écriture de
ce qu'il suit (chiffres de l'argent, registre, habilitations). Le délai (`DUREE`) n'est qu'un
filet pour ce qui écrirait sans passer par eux.
"""

import hashlib
import re
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

DUREE = 300
MARQUE_NONCE = "@@nonce-csp@@"
MARQUE_CSRF = "@@jeton-csrf@@"
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
#: En-tête de réponse qui dit si une page publique vient du cache (« hit ») ou vient d'être
#: rendue et gardée (« miss ») ; absent d'une page rendue pour une personne.
ENTETE = "X-Cache-Page"
#: Cookie du stockage des messages de Django (« Dossier déposé. ») : une requête qui le porte
#: n'est ni lue ni écrite dans le cache.
COOKIE_MESSAGES = "messages"


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
    """Ce que suit la version `nom` a changé : ce qui la lit sera rendu à nouveau."""
    cache.set(f"pages:version:{nom}", uuid.uuid4().hex, timeout=None)


def tout_renouveler() -> None:
    """Oublie toutes les pages publiques et tous les fragments gardés (tests, rechargement du
    registre)."""
    renouveler("generation")


def _cle(espace: str, *parties: str) -> str:
    brut = "\n".join([version("generation"), *parties])
    return f"pages:{espace}:" + hashlib.sha256(brut.encode()).hexdigest()


def est_anonyme_sans_session(request) -> bool:
    """Ni session ni message : la requête est anonyme, sans lire la session ni la personne."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and COOKIE_MESSAGES not in request.COOKIES
    )


def _a_garder(request, reponse) -> str | None:
    """Le HTML à garder, marques à la place du nonce et du jeton CSRF ; None sinon."""
    if (
        reponse.status_code != 200
        or reponse.streaming
        or not reponse.get("Content-Type", "").startswith("text/html")
        or reponse.has_header("Content-Disposition")
        or reponse.cookies.get(settings.SESSION_COOKIE_NAME) is not None
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


def page_publique(validateur: Callable[..., str], *, duree: int = DUREE):
    """Une page publique (la vue est marquée `login_not_required`), gardée pour les requêtes
    anonymes tant que `validateur(request, **kwargs)` rend la même valeur (une version
    publique, jamais une donnée de personne). Une personne connectée a la page rendue pour
    elle, jamais gardée."""

    def decorateur(vue):
        @login_not_required
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not est_anonyme_sans_session(request):
                return vue(request, *args, **kwargs)
            cle = _cle(
                "page",
                f"{vue.__module__}.{vue.__qualname__}",
                request.get_full_path(),
                validateur(request, *args, **kwargs),
            )
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


def fragment(
    nom: str, *determinants: str, rendre: Callable[[], str], duree: int = DUREE
) -> SafeString:
    """Un morceau de page partagé entre les personnes qui le voient : rendu par `rendre()`
    une fois pour ses `determinants` (ce qui décide de son contenu, versions comprises ;
    jamais une personne), puis relu du cache. Il ne doit contenir ni nonce ni jeton CSRF."""
    cle = _cle(f"fragment:{nom}", *determinants)
    html = cache.get(cle)
    if html is None:
        html = str(rendre())
        cache.set(cle, html, timeout=duree)
    # Du HTML rendu par nos gabarits (échappé à ce rendu), jamais une saisie brute.
    return mark_safe(html)  # noqa: S308
