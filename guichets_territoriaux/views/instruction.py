"""L'instruction d'un dossier territorial : les cinq critères, la décision dans l'enveloppe du
guichet (ou des labs), la contractualisation (CRTE ou convention)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fonds.comptes import perms
from fonds.dossiers.models import Dossier
from fonds.financement.services import plafond_du_dossier

from ..forms_dossier import DossierTerritorialForm, est_projet_de_lab
from ..forms_instruction import DecisionTerritorialeForm, NotesForm
from ..services import instruction as services
from ..services.guichets import CODE_TERRITORIAL
from ..services.repartition import enveloppe_labs


def dossier_instruit(request, uuid) -> Dossier:
    """Le dossier, pour qui l'instruit ; 403 pour tout autre (l'agent d'un autre département
    comme la collectivité elle-même)."""
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "guichet__enveloppe", "guichet__departement", "guichet__region", "collectivite"
        ),
        uuid=uuid,
        guichet__type=CODE_TERRITORIAL,
    )
    if not perms.peut_instruire(request.user, dossier):
        raise PermissionDenied("Vous n'instruisez pas ce dossier.")
    return dossier


def _page(request, dossier, *, notes_form=None, decision=None, status=200):
    notes = {n.critere: n for n in dossier.notes_territoriales.all()}
    if notes_form is None:
        initial = {}
        for critere, n in notes.items():
            initial[f"note_{critere}"] = n.note
            initial[f"justification_{critere}"] = n.justification
        notes_form = NotesForm(initial=initial)
    lab = est_projet_de_lab(dossier)
    try:
        plafond = plafond_du_dossier(dossier)
    except ValidationError:
        plafond = None
    return render(
        request,
        "guichets_territoriaux/instruire.html",
        {
            "dossier": dossier,
            "reponses": DossierTerritorialForm.reponses(dossier),
            "notes_form": notes_form,
            "decision": decision or DecisionTerritorialeForm(),
            "nb_notes": len(notes),
            "total": sum(n.note for n in notes.values()),
            "lab": lab,
            "enveloppe": enveloppe_labs() if lab else dossier.guichet.enveloppe,
            "plafond": plafond,
        },
        status=status,
    )


@require_safe
def instruire(request, uuid):
    return _page(request, dossier_instruit(request, uuid))


@require_POST
def noter(request, uuid):
    dossier = dossier_instruit(request, uuid)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.noter(dossier=dossier, par=request.user, notes=form.notes())
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Les notes sont enregistrées.")
            return redirect("guichets_territoriaux:instruire", uuid=dossier.uuid)
    return _page(request, dossier, notes_form=form, status=422)


@require_POST
def decider(request, uuid):
    dossier = dossier_instruit(request, uuid)
    form = DecisionTerritorialeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["decision"] == "accepter":
                services.accepter(
                    dossier=dossier,
                    par=request.user,
                    montant=d["montant"],
                    motivation=d["motivation"],
                    mode=d["mode"],
                    reference_crte=d["reference_crte"],
                )
            else:
                services.refuser(dossier=dossier, par=request.user, motivation=d["motivation"])
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "La décision est prise.")
            return redirect("dossiers:dossier", uuid=dossier.uuid)
    return _page(request, dossier, decision=form, status=422)
