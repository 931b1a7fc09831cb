"""Pages du financement : vues minces au-dessus des services et des QuerySet du périmètre."""

from django.shortcuts import get_object_or_404, render

from fonds.comptes import perms

from .models import Subvention


def subventions(request):
    perms.exiger(perms.peut_voir_financement(request.user))
    return render(request, "financement/subventions.html", {})


def subvention(request, uuid):
    subvention = get_object_or_404(
        Subvention.objects.visibles_par(request.user).avec_details(), uuid=uuid
    )
    return render(request, "financement/subvention.html", {"subvention": subvention})
