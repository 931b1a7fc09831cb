"""L'administrateur répartit l'enveloppe de l'axe 3 entre les régions : proposition au
prorata de la population, import CSV avec aperçu et erreurs par ligne, puis confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fonds.collectivites.models import Region
from fonds.comptes import perms

from ..forms import RepartitionForm
from ..services import repartition as services


def _contexte():
    axe3 = services.enveloppe_axe3()
    regionales = services.enveloppes_regionales(axe3)
    regions = list(Region.objects.order_by("code"))
    total = services.a_repartir(axe3, regionales)
    proposition = services.proposer(regions, total)
    return {
        "axe3": axe3,
        "labs": services.enveloppe_labs(),
        "regions": regions,
        "total": total,
        "lignes": [
            {
                "region": r,
                "actuel": regionales[r.pk].montant if r.pk in regionales else 0,
                "propose": proposition.get(r.pk, 0),
            }
            for r in regions
        ],
        "csv_propose": "region;montant\n"
        + "".join(f"{r.code};{proposition[r.pk]}\n" for r in regions),
    }


@require_http_methods(["GET", "POST"])
def repartition(request):
    if not perms.est_administrateur(request.user):
        raise PermissionDenied("Seul un administrateur répartit l'axe 3 entre les régions.")
    contexte = _contexte()
    status, lecture, apercu = 200, None, False
    if request.method == "POST":
        form = RepartitionForm(request.POST, request.FILES)
        status = 422
        if form.is_valid():
            lecture = services.lire_csv(
                form.contenu(), regions=contexte["regions"], attendu=contexte["total"]
            )
            if lecture.valide and form.cleaned_data["confirmer"]:
                try:
                    services.repartir(
                        montants=lecture.montants,
                        par=request.user,
                        motif=form.cleaned_data["motif"],
                    )
                except ValidationError as exc:
                    lecture.erreurs.extend(exc.messages)
                else:
                    messages.success(request, "L'axe 3 est réparti entre les régions.")
                    return redirect("guichets_territoriaux:national")
            elif not lecture.valide:
                n = len(lecture.erreurs_lignes) + len(lecture.erreurs)
                form.add_error(
                    "fichier" if request.FILES.get("fichier") else "texte",
                    f"La répartition comporte {n} erreur{'s' if n > 1 else ''} : voir la liste "
                    "en haut de la page ; rien n'est enregistré.",
                )
            else:
                status, apercu = 200, True
                form = RepartitionForm(
                    initial={
                        "texte": form.contenu(),
                        "motif": form.cleaned_data["motif"],
                        "confirmer": True,
                    }
                )
    else:
        form = RepartitionForm(initial={"texte": contexte["csv_propose"]})
    noms = {r.pk: r for r in contexte["regions"]}
    return render(
        request,
        "guichets_territoriaux/repartition.html",
        {
            **contexte,
            "form": form,
            "lecture": lecture,
            "apercu": apercu,
            "apercu_lignes": [(noms[pk], m) for pk, m in lecture.montants.items()]
            if apercu
            else [],
        },
        status=status,
    )
