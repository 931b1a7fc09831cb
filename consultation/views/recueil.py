"""Les actions des collectivités et des partenaires : proposer, rejoindre, commenter, voter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fonds.comptes import perms as socle
from fonds.comptes.perms import droits

from .. import perms
from ..forms import BulletinForm, CommentaireForm, JonctionForm, PropositionForm
from ..models import BesoinConsolide, Bulletin, Proposition, Soutien
from ..services import propositions as services
from ..services.votes import voter
from .commun import erreurs_en_formulaire, proposition_de, tour_de
from .public import _page_proposition


@require_http_methods(["GET", "POST"])
def proposer(request, slug):
    t = tour_de(slug)
    socle.exiger(
        perms.peut_proposer(request.user),
        "Seuls les membres vérifiés d'une collectivité et les partenaires de la consultation "
        "proposent. Faites vérifier votre adhésion depuis Mon espace.",
    )
    partenaire = perms.est_partenaire(request.user)
    form = PropositionForm(
        request.POST if request.method == "POST" else None, user=request.user, partenaire=partenaire
    )
    if request.method == "POST" and form.is_valid():
        try:
            p = services.proposer(
                tour=t,
                par=request.user,
                sorte=form.cleaned_data["sorte"],
                titre=form.cleaned_data["titre"],
                collectivite=form.cleaned_data.get("collectivite"),
                themes=form.cleaned_data["themes"],
                etiquettes=form.cleaned_data["etiquettes"],
                **form.reponses(),
            )
        except (ValidationError, PermissionDenied) as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(request, "Proposition déposée : elle est publique dès maintenant.")
            return redirect("consultation:proposition", uuid=p.uuid)
    return render(
        request,
        "consultation/proposer.html",
        {"tour": t, "form": form, "partenaire": partenaire},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def joindre(request, uuid):
    p = proposition_de(uuid)
    socle.exiger(
        bool(droits(request.user).collectivites),
        "Seuls les membres vérifiés d'une collectivité la font rejoindre une proposition.",
    )
    form = JonctionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.joindre(
                proposition=p, collectivite=form.cleaned_data["collectivite"], par=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['collectivite'].nom} a aussi ce besoin.")
            return redirect("consultation:proposition", uuid=p.uuid)
    return _page_proposition(request, p, status=422, form_jonction=form)


@require_POST
def commenter(request, uuid):
    p = proposition_de(uuid)
    form = CommentaireForm(request.POST)
    if form.is_valid():
        try:
            services.commenter(proposition=p, texte=form.cleaned_data["texte"], par=request.user)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Commentaire publié.")
            return redirect("consultation:proposition", uuid=p.uuid)
    return _page_proposition(request, p, status=422, form_commentaire=form)


@require_http_methods(["GET", "POST"])
def bulletin(request, slug):
    """Le bulletin de la collectivité : ses soutiens, modifiables jusqu'à la fin du vote."""
    t = tour_de(slug)
    d = droits(request.user)
    if not d.collectivites or perms.est_partenaire(request.user) or d.est_agent:
        _permis, raison = perms.peut_voter(request.user, None, t)
        raise PermissionDenied(raison)
    form = BulletinForm(
        request.POST if request.method == "POST" else None, user=request.user, tour=t
    )
    if request.method == "POST" and form.is_valid():
        collectivite = form.cleaned_data["collectivite"]
        try:
            voter(
                tour=t,
                collectivite=collectivite,
                groupes=form.cleaned_data["groupes"],
                propositions=form.cleaned_data["propositions"],
                par=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            erreurs_en_formulaire(form, exc)
        else:
            messages.success(request, f"Bulletin de {collectivite.nom} enregistré.")
            return redirect(f"{request.path}?collectivite={collectivite.uuid}")
    collectivites = list(form.fields["collectivite"].queryset)
    choisie = next(
        (c for c in collectivites if str(c.uuid) == request.GET.get("collectivite")),
        collectivites[0] if collectivites else None,
    )
    actuel = None
    if request.method == "GET" and choisie is not None:
        actuel = (
            Bulletin.objects.filter(tour=t, collectivite=choisie)
            .select_related("modifie_par")
            .first()
        )
        cibles = (
            list(
                Soutien.objects.filter(bulletin=actuel).values_list(
                    "groupe__uuid", "proposition__uuid"
                )
            )
            if actuel
            else []
        )
        form.initial = {
            "collectivite": choisie.uuid,
            "groupes": [g for g, _ in cibles if g],
            "propositions": [p for _, p in cibles if p],
        }
    if request.method == "POST":
        coches = set(request.POST.getlist("groupes")) | set(request.POST.getlist("propositions"))
    else:
        coches = {str(u) for u in form.initial.get("groupes", [])} | {
            str(u) for u in form.initial.get("propositions", [])
        }
    # Les cases sont rendues d'une boucle simple (des centaines au volume national) : les
    # gabarits de champ, un par case, coûteraient une seconde par page.
    choix_groupes = [
        (str(u), titre, str(u) in coches)
        for u, titre in BesoinConsolide.objects.filter(tour=t)
        .order_by("titre")
        .values_list("uuid", "titre")
    ]
    choix_seules = [
        (str(u), titre, str(u) in coches)
        for u, titre in Proposition.objects.votables(t)
        .order_by("titre")
        .values_list("uuid", "titre")
    ]
    return render(
        request,
        "consultation/bulletin.html",
        {
            "tour": t,
            "form": form,
            "bulletin": actuel,
            "choisie": choisie,
            "collectivites": collectivites,
            "choix_groupes": choix_groupes,
            "choix_seules": choix_seules,
        },
        status=422 if request.method == "POST" else 200,
    )
