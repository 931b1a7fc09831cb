"""La page du dossier (tout sur un écran) et les actions qu'on y fait."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from fonds.comptes import perms
from fonds.financement import services as financement
from fonds.financement.models import Subvention

from .. import services, types
from ..enums import Etat
from ..forms import (
    AnnotationForm,
    AttributionForm,
    ComplementsForm,
    DecisionForm,
    EtapeForm,
    EtiquettesForm,
    MessageForm,
)
from ..models import Dossier
from .commun import afficher_erreur, dossier_visible

# Page du dossier ---------------------------------------------------------------------------


@require_safe
def dossier(request, uuid):
    """Tout le dossier sur une page : réponses, pièces, messages, annotations, historique."""
    return _page_dossier(request, dossier_visible(request, uuid))


def _plafond(dossier):
    """La règle du guichet pour le montant (formulaire de décision), ou ce qui l'empêche."""
    try:
        return financement.plafond_du_dossier(dossier), None
    except ValidationError as exc:
        return None, " ".join(exc.messages)


def _page_dossier(request, dossier, *, status=200, form_decision=None):
    agent = perms.peut_instruire(request.user, dossier)
    sorte = dossier.guichet.sorte
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
        "libelle_etape": sorte.libelle_etape(dossier.etape),
        "reponses": sorte.classe_formulaire().reponses(dossier),
        # Les panneaux que la sorte du guichet (ou un autre axe) ajoute, placés par le socle.
        "panneaux": [
            {
                "zone": p.zone,
                "template": p.template,
                **p.contexte(dossier=dossier, user=request.user),
            }
            for p in types.panneaux_de(sorte)
            if agent or not p.agents_seulement
        ],
    }
    if dossier.etat == Etat.ACCEPTE:
        contexte["subvention"] = (
            Subvention.objects.filter(dossier=dossier).select_related("enveloppe").first()
        )
    if agent:
        plafond, plafond_erreur = (
            _plafond(dossier) if dossier.etat == Etat.EN_INSTRUCTION else (None, None)
        )
        contexte.update(
            annotations=list(dossier.annotations.select_related("auteur")),
            form_annotation=AnnotationForm(),
            form_decision=form_decision or DecisionForm(plafond=plafond),
            plafond=plafond,
            plafond_erreur=plafond_erreur,
            form_complements=ComplementsForm(),
            form_attribution=AttributionForm(
                guichet=dossier.guichet, initial={"instructeur": dossier.instructeur_id}
            ),
            form_etiquettes=EtiquettesForm(initial={"tags": dossier.tags}),
            etapes_possibles=sorte.transitions_possibles(dossier, request.user),
            form_etape=EtapeForm(),
            # Une deuxième candidature de la même collectivité au même guichet est signalée.
            autres_dossiers=list(
                Dossier.objects.instruits_par(request.user, dossier.guichet)
                .filter(collectivite_id=dossier.collectivite_id)
                .exclude(pk=dossier.pk)
                .only("uuid", "titre", "etat")
            ),
        )
    return render(request, "dossiers/dossier.html", contexte, status=status)


@require_safe
def lettre_decision(request, uuid):
    """La lettre de décision en PDF, pour la collectivité et les agents du guichet."""
    from weasyprint import HTML

    dossier = dossier_visible(request, uuid)
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
    dossier = dossier_visible(request, uuid)
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
    except ValidationError as exc:
        afficher_erreur(request, exc)
    else:
        messages.success(request, "Message envoyé.")
    return redirect(f"{dossier_url(dossier)}#messages")


def dossier_url(dossier) -> str:
    return reverse("dossiers:dossier", kwargs={"uuid": dossier.uuid})


def _action_agent(request, uuid, faire, succes: str, form=None):
    """Une action d'agent sur la page du dossier : le formulaire nettoie la saisie, le service
    décide, la page affiche. Un refus de droit (`PermissionDenied`) donne un 403 ; une saisie
    invalide (un caractère nul, un texte trop long) ou une règle non remplie (un dossier dans
    le mauvais état, un champ vide) revient sur la page avec son message."""
    dossier = dossier_visible(request, uuid)
    if form is not None and not form.is_valid():
        for erreurs in form.errors.values():
            messages.error(request, " ".join(erreurs))
        return redirect("dossiers:dossier", uuid=dossier.uuid)
    try:
        faire(dossier)
    except ValidationError as exc:
        afficher_erreur(request, exc)
    else:
        messages.success(request, succes)
    return redirect("dossiers:dossier", uuid=dossier.uuid)


@require_POST
def annoter(request, uuid):
    form = AnnotationForm(request.POST)
    return _action_agent(
        request,
        uuid,
        lambda d: services.annoter(
            dossier=d, auteur=request.user, texte=form.cleaned_data["texte"]
        ),
        "Annotation enregistrée.",
        form=form,
    )


@require_POST
def demander_complements(request, uuid):
    form = ComplementsForm(request.POST)

    def faire(d):
        services.demander_complements(
            dossier=d,
            par=request.user,
            message=form.cleaned_data["message"],
            avant=form.cleaned_data["avant"],
        )

    return _action_agent(request, uuid, faire, "Compléments demandés à la collectivité.", form=form)


@require_POST
def passer_en_instruction(request, uuid):
    return _action_agent(
        request,
        uuid,
        lambda d: services.passer_en_instruction(dossier=d, par=request.user),
        "Le dossier est en instruction : la collectivité ne peut plus le modifier.",
    )


def _decision(faire, succes):
    """Accepter, refuser, classer sans suite : une règle non tenue (montant au-delà de la règle
    du guichet, plafond atteint, enveloppe épuisée, motivation manquante) rend la page du
    dossier avec le formulaire tel que saisi et l'erreur à côté du champ."""

    @require_POST
    def vue(request, uuid):
        dossier = dossier_visible(request, uuid)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                faire(dossier=dossier, par=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.ajouter_erreurs(exc)
                # La transaction annulée n'a rien écrit : la page montre le dossier tel qu'il
                # est en base, pas l'objet que le service avait commencé à changer.
                dossier.refresh_from_db()
            else:
                messages.success(request, succes)
                return redirect("dossiers:dossier", uuid=dossier.uuid)
        return _page_dossier(request, dossier, status=422, form_decision=form)

    return vue


accepter = _decision(
    services.accepter, "Dossier accepté et subvention engagée ; la collectivité est prévenue."
)
refuser = _decision(
    lambda montant, **kwargs: services.refuser(**kwargs),
    "Dossier refusé ; la collectivité est prévenue.",
)
classer_sans_suite = _decision(
    lambda montant, **kwargs: services.classer_sans_suite(**kwargs),
    "Dossier classé sans suite ; la collectivité est prévenue.",
)


@require_POST
def franchir_etape(request, uuid, transition):
    """Un pas d'instruction de la sorte du guichet ; son prédicat dit qui le peut (403 sinon)."""
    form = EtapeForm(request.POST)

    return _action_agent(
        request,
        uuid,
        lambda d: services.franchir_etape(
            dossier=d,
            par=request.user,
            transition=transition,
            commentaire=form.cleaned_data["commentaire"],
        ),
        "Étape d'instruction franchie ; elle est inscrite à l'historique.",
        form=form,
    )


@require_POST
def attribuer(request, uuid):
    dossier = dossier_visible(request, uuid)
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
    form = EtiquettesForm(request.POST)
    return _action_agent(
        request,
        uuid,
        lambda d: services.etiqueter(dossier=d, par=request.user, tags=form.cleaned_data["tags"]),
        "Étiquettes enregistrées.",
        form=form,
    )
