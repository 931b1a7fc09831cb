"""Pages des guichets et des dossiers : la collectivité remplit et dépose, les agents
instruisent. Chaque vue : périmètre → objet → formulaire → un service → message → redirection."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms

from . import exports, services
from .enums import Etat, StatutAnalyse
from .filters import DossierFilter
from .forms import (
    AnnotationForm,
    AttributionForm,
    ComplementsForm,
    DossierForm,
    EtiquettesForm,
    MessageForm,
    MotivationForm,
    NouveauDossierForm,
    ReponseComplementsForm,
)
from .models import Dossier, Guichet, PieceJointe

PAR_PAGE = 50


def _erreur(request, exc: ValidationError | PermissionDenied) -> None:
    texte = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, texte or "Vous n'avez pas le droit de faire cette action.")


def _dossier_visible(request, uuid) -> Dossier:
    """Le dossier, pour qui peut le voir ; 404 pour les autres (son existence ne se devine
    pas)."""
    dossier = get_object_or_404(Dossier.objects.avec_details(), uuid=uuid)
    if not perms.peut_voir_dossier(request.user, dossier):
        raise Http404("Dossier introuvable.")
    return dossier


# Guichets ----------------------------------------------------------------------------------


def guichets(request):
    return render(
        request,
        "dossiers/guichets.html",
        {
            "ouverts": Guichet.objects.ouverts().select_related("departement", "region"),
            "instruits": Guichet.objects.instruits_par(request.user).select_related(
                "departement", "region"
            ),
        },
    )


def _collectivites_de(user):
    return Collectivite.objects.filter(pk__in=perms.droits(user).collectivites).order_by("nom")


def guichet(request, slug):
    guichet = get_object_or_404(Guichet.objects.select_related("departement", "region"), slug=slug)
    collectivites = _collectivites_de(request.user)
    return render(
        request,
        "dossiers/guichet.html",
        {
            "guichet": guichet,
            "form": NouveauDossierForm(collectivites=collectivites),
            "peut_deposer": guichet.est_ouvert() and collectivites.exists(),
            "peut_instruire": perms.peut_instruire_guichet(request.user, guichet),
        },
    )


@require_POST
def commencer(request, slug):
    guichet = get_object_or_404(Guichet, slug=slug)
    form = NouveauDossierForm(request.POST, collectivites=_collectivites_de(request.user))
    if not form.is_valid():
        messages.error(request, "Choisissez une collectivité dont vous êtes membre vérifié.")
        return redirect("dossiers:guichet", slug=slug)
    try:
        dossier = services.creer_dossier(
            guichet=guichet, collectivite=form.cleaned_data["collectivite"], par=request.user
        )
    except (ValidationError, PermissionDenied) as exc:
        _erreur(request, exc)
        return redirect("dossiers:guichet", slug=slug)
    messages.success(request, "Brouillon créé : il est enregistré au fur et à mesure.")
    return redirect("dossiers:modifier", uuid=dossier.uuid)


# Formulaire de la collectivité ---------------------------------------------------------------


def _dossier_modifiable(request, uuid) -> Dossier:
    dossier = _dossier_visible(request, uuid)
    perms.exiger(
        perms.peut_modifier_dossier(request.user, dossier),
        "Ce dossier n'est plus modifiable : l'instruction a commencé ou il est décidé.",
    )
    return dossier


def _formulaire(dossier, data=None, files=None, **kwargs) -> DossierForm:
    return dossier.guichet.classe_formulaire()(data, files, dossier=dossier, **kwargs)


def _page_formulaire(request, dossier, form, status=200):
    return render(
        request,
        "dossiers/modifier.html",
        {
            "dossier": dossier,
            "form": form,
            "pieces": dossier.pieces.du_dossier().select_related("deposee_par"),
            "form_reponse": ReponseComplementsForm(),
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


def _deposer_ou_completer(request, uuid, service, succes: str):
    dossier = _dossier_modifiable(request, uuid)
    form = _formulaire(dossier, request.POST, request.FILES)
    with transaction.atomic():
        complet = _enregistrer_formulaire(request, dossier, form)
    if complet:
        try:
            service(dossier=dossier, par=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for champ, erreurs in exc.message_dict.items():
                    form.add_error(None if champ not in form.fields else champ, erreurs)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, succes)
            return redirect("dossiers:dossier", uuid=dossier.uuid)
    dossier.refresh_from_db()
    return _page_formulaire(request, dossier, form, status=400)


@require_POST
def deposer(request, uuid):
    return _deposer_ou_completer(
        request,
        uuid,
        services.deposer,
        "Votre dossier est déposé. Vous recevrez un e-mail à chaque étape de son instruction.",
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
        request, uuid, service, "Vos compléments sont transmis à l'instructeur."
    )


@require_POST
def retirer_piece(request, uuid):
    piece = get_object_or_404(
        PieceJointe.objects.select_related("dossier__collectivite"), uuid=uuid
    )
    if not perms.peut_voir_dossier(request.user, piece.dossier):
        raise Http404("Pièce introuvable.")
    try:
        services.retirer_piece(piece=piece, par=request.user)
    except PermissionDenied as exc:
        _erreur(request, exc)
    else:
        messages.success(request, f"Pièce « {piece.nom_original} » retirée.")
    return redirect("dossiers:modifier", uuid=piece.dossier.uuid)


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


# Page du dossier ---------------------------------------------------------------------------


def dossier(request, uuid):
    """Tout le dossier sur une page : réponses, pièces, messages, annotations, historique."""
    dossier = _dossier_visible(request, uuid)
    agent = perms.peut_instruire(request.user, dossier)
    pieces = list(dossier.pieces.select_related("deposee_par"))
    fil = list(dossier.messages.select_related("auteur"))
    pieces_par_message = {}
    for piece in pieces:
        pieces_par_message.setdefault(piece.message_id, []).append(piece)
    for message in fil:
        message.pieces_jointes = pieces_par_message.get(message.pk, [])
    contexte = {
        "dossier": dossier,
        "agent": agent,
        "peut_modifier": perms.peut_modifier_dossier(request.user, dossier),
        "peut_ecrire": perms.peut_ecrire_message(request.user, dossier),
        "pieces": pieces_par_message.get(None, []),
        "fil": fil,
        "historique": list(
            dossier.history.select_related("history_user").order_by("-history_date")[:100]
        ),
        "form_message": MessageForm(),
        "libelle_etape": dossier.guichet.libelle_etape(dossier.etape),
        "reponses": dossier.guichet.classe_formulaire().reponses(dossier),
    }
    if agent:
        contexte.update(
            annotations=list(dossier.annotations.select_related("auteur")),
            form_annotation=AnnotationForm(),
            form_motivation=MotivationForm(),
            form_complements=ComplementsForm(),
            form_attribution=AttributionForm(
                guichet=dossier.guichet, initial={"instructeur": dossier.instructeur_id}
            ),
            form_etiquettes=EtiquettesForm(initial={"tags": dossier.tags}),
            # Une deuxième candidature de la même collectivité au même guichet est signalée.
            autres_dossiers=list(
                Dossier.objects.instruits_par(request.user, dossier.guichet)
                .filter(collectivite_id=dossier.collectivite_id)
                .exclude(pk=dossier.pk)
                .only("uuid", "titre", "etat")
            ),
        )
    return render(request, "dossiers/dossier.html", contexte)


def lettre_decision(request, uuid):
    """La lettre de décision en PDF, pour la collectivité et les agents du guichet."""
    from weasyprint import HTML

    dossier = _dossier_visible(request, uuid)
    if not dossier.est_decide:
        raise Http404("Aucune décision n'est encore prise sur ce dossier.")
    decision = dossier.history.filter(etat=dossier.etat).select_related("history_user").last()
    signataire = decision.history_user if decision and decision.history_user else ""
    html = render_to_string(
        "dossiers/lettre_decision.html",
        {
            "dossier": dossier,
            "signataire": signataire.get_full_name() if signataire else "L'instructeur",
            "aujourd_hui": timezone.localdate(),
        },
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{dossier.uuid}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def envoyer_message(request, uuid):
    dossier = _dossier_visible(request, uuid)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        for erreurs in form.errors.values():
            messages.error(request, " ".join(erreurs))
        return redirect(f"{dossier_url(dossier)}#messages")
    try:
        fichier = form.cleaned_data.get("fichier")
        services.envoyer_message(
            dossier=dossier,
            auteur=request.user,
            corps=form.cleaned_data["corps"],
            fichiers=[fichier] if fichier else [],
        )
    except (ValidationError, PermissionDenied) as exc:
        _erreur(request, exc)
    else:
        messages.success(request, "Message envoyé.")
    return redirect(f"{dossier_url(dossier)}#messages")


def dossier_url(dossier) -> str:
    return reverse("dossiers:dossier", kwargs={"uuid": dossier.uuid})


def _action_agent(request, uuid, faire, succes: str):
    """Une action d'agent sur la page du dossier : le service décide, la page affiche."""
    dossier = _dossier_visible(request, uuid)
    try:
        faire(dossier)
    except (ValidationError, PermissionDenied) as exc:
        _erreur(request, exc)
    else:
        messages.success(request, succes)
    return redirect("dossiers:dossier", uuid=dossier.uuid)


def _champ(request, nom):
    return request.POST.get(nom, "")


@require_POST
def annoter(request, uuid):
    return _action_agent(
        request,
        uuid,
        lambda d: services.annoter(dossier=d, auteur=request.user, texte=_champ(request, "texte")),
        "Annotation enregistrée.",
    )


@require_POST
def demander_complements(request, uuid):
    form = ComplementsForm(request.POST)
    form.is_valid()

    def faire(d):
        services.demander_complements(
            dossier=d,
            par=request.user,
            message=form.cleaned_data.get("message", ""),
            avant=form.cleaned_data.get("avant"),
        )

    return _action_agent(request, uuid, faire, "Compléments demandés à la collectivité.")


@require_POST
def passer_en_instruction(request, uuid):
    return _action_agent(
        request,
        uuid,
        lambda d: services.passer_en_instruction(dossier=d, par=request.user),
        "Le dossier est en instruction : la collectivité ne peut plus le modifier.",
    )


def _decision(service, succes):
    @require_POST
    def vue(request, uuid):
        return _action_agent(
            request,
            uuid,
            lambda d: service(
                dossier=d, par=request.user, motivation=_champ(request, "motivation")
            ),
            succes,
        )

    return vue


accepter = _decision(services.accepter, "Dossier accepté ; la collectivité est prévenue.")
refuser = _decision(services.refuser, "Dossier refusé ; la collectivité est prévenue.")
classer_sans_suite = _decision(
    services.classer_sans_suite, "Dossier classé sans suite ; la collectivité est prévenue."
)


@require_POST
def attribuer(request, uuid):
    dossier = _dossier_visible(request, uuid)
    form = AttributionForm(request.POST, guichet=dossier.guichet)
    if not form.is_valid():
        messages.error(request, "Choisissez un agent qui instruit ce guichet.")
        return redirect("dossiers:dossier", uuid=dossier.uuid)
    return _action_agent(
        request,
        uuid,
        lambda d: services.attribuer(
            dossier=d, par=request.user, instructeur=form.cleaned_data["instructeur"]
        ),
        "Attribution enregistrée.",
    )


@require_POST
def etiqueter(request, uuid):
    return _action_agent(
        request,
        uuid,
        lambda d: services.etiqueter(dossier=d, par=request.user, tags=_champ(request, "tags")),
        "Étiquettes enregistrées.",
    )


# Espace d'instruction ------------------------------------------------------------------------


def _guichet_instruit(request, slug) -> Guichet:
    guichet = get_object_or_404(Guichet.objects.select_related("departement", "region"), slug=slug)
    perms.exiger(
        perms.peut_instruire_guichet(request.user, guichet),
        "Vous n'instruisez pas les dossiers de ce guichet.",
    )
    return guichet


def _filtre(request, guichet) -> DossierFilter:
    qs = Dossier.objects.instruits_par(request.user, guichet).avec_details()
    return DossierFilter(request.GET or None, queryset=qs, guichet=guichet)


def instruction(request, slug):
    guichet = _guichet_instruit(request, slug)
    filtre = _filtre(request, guichet)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/instruction.html",
        {"guichet": guichet, "filtre": filtre, "page": page, "etat_depose": Etat.DEPOSE},
    )


def export_csv(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.csv_en_flux(_filtre(request, guichet).qs, nom=f"dossiers-{guichet.slug}")


def export_xlsx(request, slug):
    guichet = _guichet_instruit(request, slug)
    return exports.xlsx(_filtre(request, guichet).qs, nom=f"dossiers-{guichet.slug}")


def _action_groupee(request, slug, faire, succes: str):
    guichet = _guichet_instruit(request, slug)
    uuids = request.POST.getlist("dossiers")
    choisis = Dossier.objects.instruits_par(request.user, guichet).filter(uuid__in=uuids[:500])
    faits, refus = 0, []
    for dossier in choisis.avec_details():
        try:
            faire(dossier)
            faits += 1
        except (ValidationError, PermissionDenied) as exc:
            refus.append(f"« {dossier} » : {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    if faits:
        messages.success(request, succes.format(n=faits))
    if refus:
        messages.warning(request, "Non traités — " + " ; ".join(refus[:10]))
    if not faits and not refus:
        messages.info(request, "Cochez au moins un dossier.")
    liste = reverse("dossiers:instruction", kwargs={"slug": guichet.slug})
    retour = request.POST.get("retour", "").replace("\n", "").replace("\r", "")
    return redirect(f"{liste}?{retour}" if retour else liste)


@require_POST
def m_attribuer_selection(request, slug):
    return _action_groupee(
        request,
        slug,
        lambda d: services.attribuer(dossier=d, par=request.user, instructeur=request.user),
        "{n} dossier(s) vous sont attribués.",
    )


@require_POST
def instruire_selection(request, slug):
    return _action_groupee(
        request,
        slug,
        lambda d: services.passer_en_instruction(dossier=d, par=request.user),
        "{n} dossier(s) passés en instruction.",
    )
