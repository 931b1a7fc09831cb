"""Guichets et formulaire de la collectivité : commencer, enregistrer, déposer, compléter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms

from .. import services, types
from ..eligibilite import avec_couverture, eligibilite, regles_en_clair
from ..enums import Etat, StatutAnalyse
from ..forms import (
    DossierForm,
    FiltreGuichetsForm,
    NouveauDossierForm,
    ReponseComplementsForm,
)
from ..models import Dossier, Guichet, PieceJointe
from .commun import afficher_erreur, dossier_visible

# Guichets ----------------------------------------------------------------------------------


@login_not_required
@require_safe
def guichets(request):
    """Les guichets ouverts, pour tous (connecté ou non), avec leurs règles en clair ; un
    agent y voit aussi les guichets qu'il instruit."""
    filtre = FiltreGuichetsForm(request.GET or None)
    ouverts = Guichet.objects.ouverts().select_related("departement", "region")
    if filtre.is_valid():
        ouverts = filtre.filtrer(ouverts)
    return render(
        request,
        "dossiers/guichets.html",
        {
            "form": filtre,
            "ouverts": [(guichet, regles_en_clair(guichet)) for guichet in ouverts],
            "instruits": Guichet.objects.instruits_par(request.user).select_related(
                "departement", "region"
            ),
        },
    )


def _collectivites_de(user):
    # Le libellé d'une commune porte le code de son département : une requête pour la liste ;
    # la couverture d'un département est lue avec elle (verdict sans requête de plus).
    return avec_couverture(
        Collectivite.objects.filter(pk__in=perms.droits(user).collectivites)
        .select_related("departement", "region")
        .order_by("nom")
    )


@login_not_required
@require_safe
def guichet(request, slug):
    """La page publique d'un guichet : ses règles ; pour un membre vérifié, le verdict pour
    chacune de ses collectivités et « Commencer un dossier » pour celles qui sont admises."""
    guichet = get_object_or_404(Guichet.objects.select_related("departement", "region"), slug=slug)
    verdicts = [(c, eligibilite(guichet, c)) for c in _collectivites_de(request.user)]
    # Une sorte qui a sa propre page de dépôt (forfait) : la page y renvoie, sans brouillon.
    depot = types.obtenir(guichet.type).depot
    admises = [] if depot else [c.pk for c, verdict in verdicts if verdict.ok]
    return render(
        request,
        "dossiers/guichet.html",
        {
            "guichet": guichet,
            "regles": regles_en_clair(guichet),
            "verdicts": verdicts,
            "form": NouveauDossierForm(
                collectivites=Collectivite.objects.filter(pk__in=admises)
                .select_related("departement")
                .order_by("nom")
            )
            if admises
            else None,
            "peut_instruire": perms.peut_instruire_guichet(request.user, guichet),
            "depot": reverse(depot, args=[guichet.slug]) if depot else "",
        },
    )


@require_POST
def commencer(request, slug):
    guichet = get_object_or_404(Guichet, slug=slug)
    depot = types.obtenir(guichet.type).depot
    if depot:
        return redirect(depot, guichet.slug)
    # Le formulaire reconnaît toute collectivité ; le service refuse (403) celle dont la
    # personne n'est pas membre vérifié.
    form = NouveauDossierForm(request.POST, collectivites=Collectivite.objects.all())
    if not form.is_valid():
        messages.error(request, "Choisissez une collectivité dont vous êtes membre vérifié.")
        return redirect("dossiers:guichet", slug=slug)
    try:
        dossier = services.creer_dossier(
            guichet=guichet, collectivite=form.cleaned_data["collectivite"], par=request.user
        )
    except ValidationError as exc:
        afficher_erreur(request, exc)
        return redirect("dossiers:guichet", slug=slug)
    messages.success(request, "Brouillon créé : il est enregistré au fur et à mesure.")
    return redirect("dossiers:modifier", uuid=dossier.uuid)


# Formulaire de la collectivité ---------------------------------------------------------------


def _dossier_modifiable(request, uuid) -> Dossier:
    dossier = dossier_visible(request, uuid)
    perms.exiger(
        perms.peut_modifier_dossier(request.user, dossier),
        "Ce dossier n'est plus modifiable : l'instruction a commencé ou il est décidé.",
    )
    return dossier


def _formulaire(dossier, data=None, files=None, **kwargs) -> DossierForm:
    return dossier.guichet.classe_formulaire()(data, files, dossier=dossier, **kwargs)


def _page_formulaire(request, dossier, form, status=200, form_reponse=None):
    return render(
        request,
        "dossiers/modifier.html",
        {
            "dossier": dossier,
            "form": form,
            "pieces": dossier.pieces.du_dossier().select_related("deposee_par"),
            # La réponse aux compléments déjà saisie est réaffichée quand l'envoi échoue.
            "form_reponse": form_reponse or ReponseComplementsForm(),
        },
        status=status,
    )


def _enregistrer_formulaire(request, dossier, form) -> bool:
    """Enregistre ce qui est valide du formulaire (le brouillon n'est jamais perdu) ;
    rend vrai si tout l'était."""
    if form.is_valid() or form.valeurs():
        services.enregistrer_brouillon(dossier=dossier, par=request.user, **form.valeurs())
        dossier.refresh_from_db()
    if not form.is_valid():
        return False
    for type_piece, fichier in form.fichiers():
        services.ajouter_piece(
            dossier=dossier, fichier=fichier, type_piece=type_piece, par=request.user
        )
    return True


def modifier(request, uuid):
    dossier = _dossier_modifiable(request, uuid)
    if request.method != "POST":
        return _page_formulaire(request, dossier, _formulaire(dossier))
    form = _formulaire(dossier, request.POST, request.FILES)
    if not _enregistrer_formulaire(request, dossier, form):
        return _page_formulaire(request, dossier, form, status=400)
    messages.success(request, f"Brouillon enregistré à {timezone.localtime():%H:%M}.")
    return redirect("dossiers:modifier", uuid=dossier.uuid)


@require_POST
def autosauvegarde(request, uuid):
    """Appelée par static/js/brouillon.js pendant la saisie (sans les fichiers)."""
    dossier = _dossier_modifiable(request, uuid)
    form = _formulaire(dossier, request.POST, avec_pieces=False)
    form.is_valid()
    services.enregistrer_brouillon(dossier=dossier, par=request.user, **form.valeurs())
    return JsonResponse(
        {"enregistre_a": f"{timezone.localtime():%H:%M:%S}", "erreurs": form.errors},
        status=200 if not form.errors else 400,
    )


def _deposer_ou_completer(request, uuid, service, succes: str, deja_fait, form_reponse=None):
    """Enregistre le formulaire puis appelle `service`, en une transaction qui commence par le
    verrou du dossier : un second envoi (double clic, deux onglets) attend le premier, trouve
    `deja_fait(dossier)` vrai (un message) et repart sans rien enregistrer."""
    dossier = dossier_visible(request, uuid)
    with transaction.atomic():
        services.verrouiller_dossier(dossier)
        perms.exiger(
            perms.est_membre(request.user, dossier.collectivite),
            "Seuls les membres vérifiés de la collectivité modifient ce dossier.",
        )
        if deja_fait(dossier):
            messages.info(request, deja_fait(dossier))
            return redirect("dossiers:dossier", uuid=dossier.uuid)
        perms.exiger(
            perms.peut_modifier_dossier(request.user, dossier),
            "Ce dossier n'est plus modifiable : l'instruction a commencé ou il est décidé.",
        )
        form = _formulaire(dossier, request.POST, request.FILES)
        if _enregistrer_formulaire(request, dossier, form):
            try:
                service(dossier=dossier, par=request.user)
            except ValidationError as exc:
                form.ajouter_erreurs(exc)
            else:
                messages.success(request, succes)
                return redirect("dossiers:dossier", uuid=dossier.uuid)
    dossier.refresh_from_db()
    return _page_formulaire(request, dossier, form, status=400, form_reponse=form_reponse)


def _deja_depose(dossier) -> str:
    return "" if dossier.etat == Etat.BROUILLON else "Ce dossier est déjà déposé."


def _complements_deja_transmis(dossier) -> str:
    if dossier.etat == Etat.DEPOSE and dossier.complements_demandes:
        return ""
    return "Aucun complément n'est plus attendu sur ce dossier : ils sont déjà transmis."


@require_POST
def deposer(request, uuid):
    return _deposer_ou_completer(
        request,
        uuid,
        services.deposer,
        "Votre dossier est déposé. Vous recevrez un e-mail à chaque étape de son instruction.",
        deja_fait=_deja_depose,
    )


@require_POST
def repondre_complements(request, uuid):
    reponse = ReponseComplementsForm(request.POST)
    reponse.is_valid()

    def service(*, dossier, par):
        services.repondre_complements(
            dossier=dossier, par=par, reponse=reponse.cleaned_data.get("reponse", "")
        )

    return _deposer_ou_completer(
        request,
        uuid,
        service,
        "Vos compléments sont transmis à l'instructeur.",
        deja_fait=_complements_deja_transmis,
        form_reponse=reponse,
    )


@require_POST
def retirer_piece(request, uuid):
    piece = get_object_or_404(
        PieceJointe.objects.select_related("dossier__collectivite"), uuid=uuid
    )
    if not perms.peut_voir_dossier(request.user, piece.dossier):
        raise Http404("Pièce introuvable.")
    try:
        services.retirer_piece(piece=piece, par=request.user)  # refus : 403
    except ValidationError as exc:  # déjà retirée (deux onglets)
        afficher_erreur(request, exc)
    else:
        messages.success(request, f"Pièce « {piece.nom_original} » retirée.")
    return redirect("dossiers:modifier", uuid=piece.dossier.uuid)


@require_safe
def telecharger_piece(request, uuid):
    """Une pièce jointe, seulement pour qui voit le dossier ; jamais affichée dans la page."""
    piece = get_object_or_404(
        PieceJointe.objects.select_related("dossier__guichet", "dossier__collectivite"), uuid=uuid
    )
    if not perms.peut_voir_dossier(request.user, piece.dossier):
        raise Http404("Pièce introuvable.")
    perms.exiger(
        piece.statut_analyse != StatutAnalyse.INFECTEE,
        "Un virus a été détecté dans ce fichier : il ne peut pas être téléchargé.",
    )
    response = FileResponse(
        piece.fichier.open("rb"),
        as_attachment=True,
        filename=piece.nom_original,
        content_type=piece.type_contenu,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
