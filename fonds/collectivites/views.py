from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse

from .models import Collectivite


@login_not_required
def recherche(request):
    """Autocomplétion des collectivités (à compléter : nom, code INSEE, SIREN, code postal)."""
    q = request.GET.get("q", "").strip()
    resultats = (
        list(Collectivite.objects.filter(nom__icontains=q).avec_territoire()[:20]) if q else []
    )
    return JsonResponse({"resultats": [{"uuid": str(c.uuid), "nom": str(c)} for c in resultats]})
