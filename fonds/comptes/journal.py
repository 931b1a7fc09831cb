"""Journal de sécurité (logger « fonds.securite ») : connexions, échecs, déconnexions, refus.

Branché dans `ComptesConfig.ready()`. Les échecs de connexion ne journalisent jamais le mot
de passe : seulement l'identifiant saisi, l'adresse IP et le chemin. Les refus d'accès
(`PermissionDenied` → 403) passent par `acces_refuse`, le `handler403` de `fonds/urls.py`.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.shortcuts import render

logger = logging.getLogger("fonds.securite")

CHAMPS_IDENTIFIANT = ("login", "email", "username")


def _ip(request) -> str:
    # REMOTE_ADDR : derrière un mandataire, le serveur d'application doit la renseigner
    # depuis l'en-tête de confiance (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _qui(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonyme"
    return f"{user.email} (id {user.pk})"


def connexion(sender, request, user, **kwargs):
    logger.info("connexion réussie : %s, ip %s", _qui(user), _ip(request))


def connexion_echouee(sender, credentials, request=None, **kwargs):
    identifiant = next((credentials[c] for c in CHAMPS_IDENTIFIANT if credentials.get(c)), "")
    logger.warning(
        "connexion échouée : identifiant %r, ip %s, chemin %s",
        identifiant,
        _ip(request),
        getattr(request, "path", ""),
    )


def deconnexion(sender, request, user, **kwargs):
    logger.info("déconnexion : %s, ip %s", _qui(user), _ip(request))


def brancher() -> None:
    user_logged_in.connect(connexion, dispatch_uid="fonds.securite.connexion")
    user_login_failed.connect(connexion_echouee, dispatch_uid="fonds.securite.echec")
    user_logged_out.connect(deconnexion, dispatch_uid="fonds.securite.deconnexion")


class SansRefusDAcces(logging.Filter):
    """Filtre du logger « django.request » : un refus (403) est déjà journalisé par
    `acces_refuse`, en une ligne ; Django le journaliserait une seconde fois, pile comprise."""

    def filter(self, record) -> bool:
        return getattr(record, "status_code", None) != 403


def acces_refuse(request, exception=None):
    """`handler403` : journalise qui, quoi, comment, puis affiche la page « Accès refusé »."""
    logger.warning(
        "accès refusé : %s, %s %s, ip %s, motif %s",
        _qui(getattr(request, "user", None)),
        request.method,
        request.get_full_path(),
        _ip(request),
        str(exception) if exception else "-",
    )
    return render(request, "403.html", {"exception": str(exception or "")}, status=403)
