from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .forms import detail
from .models import Collectivite
from .recherche import LIMITE


@login_not_required
@require_GET
def recherche(request):
    """Autocomplétion publique des collectivités actives : nom, code INSEE, SIREN, code
    postal. Au plus 20 résultats, une requête SQL."""
    texte = request.GET.get("q", "")[:100]
    resultats = (
        list(Collectivite.objects.actives().avec_territoire().rechercher(texte)[:LIMITE])
        if texte.strip()
        else []
    )
    return JsonResponse(
        {
            "resultats": [
                {
                    "uuid": str(c.uuid),
                    "nom": str(c),
                    "nature": c.nature,
                    "code_insee": c.code_insee,
                    "siren": c.siren,
                    "population": c.population,
                    "detail": detail(c),
                }
                for c in resultats
            ]
        }
    )
