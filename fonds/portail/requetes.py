"""Les requêtes que le portail refuse avant toute vue, et sa page « Requête invalide ».

Un caractère nul (U+0000) n'a rien à faire dans une saisie ou une adresse : PostgreSQL le
refuse dans une chaîne (une erreur du serveur si on l'y envoie). Il est refusé ici, pour
toutes les pages, avec une page en français, avant qu'aucune vue ne lise la requête."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

CARACTERE_NUL = "Votre envoi contient un caractère nul (invisible, souvent venu d'un copier-coller) : rien n'a été enregistré. Revenez à la page précédente avec le bouton « Retour » de votre navigateur, où votre saisie vous attend, retirez ce caractère et envoyez à nouveau."  # noqa: E501
TROP_VOLUMINEUX = "Votre envoi est trop volumineux : raccourcissez les textes saisis (une description tient en quelques pages), puis envoyez à nouveau. Ce qui était déjà enregistré est conservé."  # noqa: E501
MAL_FORME = "La demande envoyée est mal formée. Revenez à la page précédente et réessayez."


def _contient_nul(donnees) -> bool:
    return any(
        "\x00" in cle or any("\x00" in v for v in valeurs) for cle, valeurs in donnees.lists()
    )


def _contient_un_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    if _contient_nul(request.GET):
        return True
    if request.method != "POST":
        return False
    return _contient_nul(request.POST) or any(
        "\x00" in (f.name or "") for f in request.FILES.values()
    )


class RefuserCaracteresNuls:
    """Répond 400 (page en français) à toute requête dont l'adresse, les paramètres GET ou les
    champs POST (noms de fichier compris) portent un caractère nul."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _contient_un_nul(request):
            return requete_invalide(request, message=CARACTERE_NUL)
        return self.get_response(request)


def requete_invalide(request, exception=None, *, message: str = ""):
    """`handler400` : la page « Requête invalide » en français (ou un JSON pour un appel de
    script), avec la raison quand on la connaît."""
    if not message:
        message = TROP_VOLUMINEUX if isinstance(exception, RequestDataTooBig) else MAL_FORME
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"erreur": message}, status=400)
    if not hasattr(request, "user"):  # refusée avant l'authentification
        request.user = AnonymousUser()
    return render(request, "400.html", {"message": message}, status=400)
