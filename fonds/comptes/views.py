from django.shortcuts import get_object_or_404, render

from . import perms
from .models import Adhesion


def adhesions(request):
    return render(request, "comptes/adhesions.html", {})


def adhesion_detail(request, uuid):
    adhesion = get_object_or_404(Adhesion.objects.avec_details(), uuid=uuid)
    perms.exiger(perms.peut_voir_adhesion(request.user, adhesion))
    return render(request, "comptes/adhesion_detail.html", {"adhesion": adhesion})
