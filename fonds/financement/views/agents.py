"""Pages des agents et des bénéficiaires : vues minces au-dessus des services et des QuerySet du
périmètre."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from fonds.comptes import perms
from fonds.pagination import page_en_une_requete

from .. import exports, services
from ..enums import StatutSubvention
from ..filters import SubventionFilter
from ..forms import (
    AttributionExceptionnelleForm,
    ConventionSigneeForm,
    EnveloppeFilleForm,
    MotifForm,
    MouvementForm,
    RedeploiementForm,
    VersementForm,
)
from ..models import Convention, Enveloppe, Mouvement, Subvention


def _subvention_visible(request, uuid) -> Subvention:
    return get_object_or_404(
        Subvention.objects.visibles_par(request.user).avec_details(), uuid=uuid
    )


def _page_subvention(request, subvention, *, status=200, **formulaires):
    user = request.user
    gere = perms.peut_gerer_subvention(user, subvention)
    signe = perms.peut_signer_convention(user, subvention)
    conventions = list(subvention.conventions.all())
    # La convention en vigueur (pas encore remplacée) est lue dans la même liste.
    convention = next((c for c in conventions if c.remplacee_le is None), None)
    contexte = {
        "subvention": subvention,
        "convention": convention,
        "conventions": conventions,
        "versements": list(subvention.versements.all()),
        "peut_gerer": gere,
        "peut_signer": signe,
        "form_versement": formulaires.get("form_versement")
        or (VersementForm() if perms.peut_enregistrer_versement(user, subvention) else None),
        "form_signee": formulaires.get("form_signee")
        or (ConventionSigneeForm() if signe else None),
        "form_annulation": formulaires.get("form_annulation") or (MotifForm() if gere else None),
        "historique": list(
            subvention.history.select_related("history_user").order_by("-history_date")[:20]
        ),
    }
    return render(request, "financement/subvention.html", contexte, status=status)


@require_safe
def subvention(request, uuid):
    return _page_subvention(request, _subvention_visible(request, uuid))


def _subventions_filtrees(request):
    perms.exiger(
        perms.peut_voir_financement(request.user), "Cette liste est réservée aux agents du fonds."
    )
    queryset = Subvention.objects.pour_agent(request.user).order_by("-cree_le")
    return SubventionFilter(request.GET or None, queryset=queryset)


@require_safe
def mes_subventions(request):
    """Les subventions des collectivités dont la personne est membre vérifié."""
    liste = (
        Subvention.objects.filter(beneficiaire_id__in=perms.droits(request.user).collectivites)
        .avec_details()
        .order_by("-cree_le")
    )
    page = page_en_une_requete(liste, request.GET.get("page"), 50)
    return render(request, "financement/mes_subventions.html", {"page": page})


@require_safe
def subventions(request):
    filtre = _subventions_filtrees(request)
    page = page_en_une_requete(filtre.qs.pour_liste(), request.GET.get("page"), 50)
    return render(request, "financement/subventions.html", {"filtre": filtre, "page": page})


@require_safe
def exporter_subventions(request, format):
    filtre = _subventions_filtrees(request)
    queryset = filtre.qs
    nom = f"subventions-{timezone.localdate():%Y-%m-%d}"
    if format == "xlsx":
        return exports.reponse_xlsx(queryset, nom)
    return exports.reponse_csv(queryset, nom)


@require_POST
def emettre_convention(request, uuid):
    subvention = _subvention_visible(request, uuid)
    try:
        services.emettre_convention(subvention=subvention, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "La convention est en cours de génération ; le bénéficiaire sera prévenu."
        )
    return redirect("financement:subvention", uuid=subvention.uuid)


@require_safe
def telecharger_convention(request, uuid, signee=False):
    convention = get_object_or_404(Convention.objects.select_related("subvention"), uuid=uuid)
    subvention = convention.subvention
    perms.exiger(
        perms.peut_voir_subvention(request.user, subvention),
        "Cette convention ne vous concerne pas.",
    )
    fichier = convention.fichier_signe if signee else convention.fichier
    if not fichier:
        raise Http404("Ce document n'existe pas encore.")
    suffixe = "-signee" if signee else ""
    response = FileResponse(
        fichier.open("rb"),
        as_attachment=True,
        filename=f"convention-{subvention.beneficiaire_id}-v{convention.version}{suffixe}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def deposer_convention_signee(request, uuid):
    subvention = _subvention_visible(request, uuid)
    perms.exiger(perms.peut_signer_convention(request.user, subvention))
    convention = subvention.conventions.en_vigueur().first()
    if convention is None or not convention.fichier or convention.contresignee_le:
        # La page ne montre pas le formulaire : l'erreur y serait invisible (trouvé par le fuzz).
        messages.error(request, "Aucune convention n'est à signer.")
        return redirect("financement:subvention", uuid=subvention.uuid)
    form = ConventionSigneeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.deposer_convention_signee(
                convention=convention, fichier=form.cleaned_data["fichier"], par=request.user
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "La convention signée est déposée ; merci.")
            return redirect("financement:subvention", uuid=subvention.uuid)
    return _page_subvention(request, subvention, status=422, form_signee=form)


@require_POST
def contresigner_convention(request, uuid):
    subvention = _subvention_visible(request, uuid)
    convention = subvention.conventions.en_vigueur().first()
    if convention is None:
        raise Http404
    try:
        services.contresigner_convention(convention=convention, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La convention est contresignée.")
    return redirect("financement:subvention", uuid=subvention.uuid)


@require_POST
def enregistrer_versement(request, uuid):
    subvention = _subvention_visible(request, uuid)
    perms.exiger(perms.peut_enregistrer_versement(request.user, subvention))
    if subvention.statut not in (StatutSubvention.SIGNEE, StatutSubvention.EN_PAIEMENT):
        # La page ne montre pas le formulaire : l'erreur y serait invisible (trouvé par le fuzz).
        messages.error(request, "Un versement suppose une convention signée et contresignée.")
        return redirect("financement:subvention", uuid=subvention.uuid)
    form = VersementForm(request.POST)
    if form.is_valid():
        try:
            services.enregistrer_versement(
                subvention=subvention, par=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, "Le versement est enregistré.")
            return redirect("financement:subvention", uuid=subvention.uuid)
    subvention.refresh_from_db()
    return _page_subvention(request, subvention, status=422, form_versement=form)


def _clore_subvention(request, uuid, action, message):
    subvention = _subvention_visible(request, uuid)
    perms.exiger(perms.peut_gerer_subvention(request.user, subvention))
    form = MotifForm(request.POST)
    if form.is_valid():
        try:
            action(subvention=subvention, motif=form.cleaned_data["motif"], par=request.user)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, message)
            return redirect("financement:subvention", uuid=subvention.uuid)
    subvention.refresh_from_db()
    return _page_subvention(request, subvention, status=422, form_annulation=form)


@require_POST
def annuler_subvention(request, uuid):
    return _clore_subvention(
        request,
        uuid,
        services.annuler_subvention,
        "La subvention est annulée ; son montant revient à l'enveloppe.",
    )


@require_POST
def prononcer_decheance(request, uuid):
    return _clore_subvention(
        request,
        uuid,
        services.prononcer_decheance,
        "La déchéance est prononcée ; ce qui n'est pas versé revient à l'enveloppe.",
    )


# --- Enveloppes ---------------------------------------------------------------------------------


@require_safe
def enveloppes(request):
    perms.exiger(
        perms.peut_voir_financement(request.user), "Cette page est réservée aux agents du fonds."
    )
    liste = Enveloppe.objects.gerables_par(request.user).avec_details().order_by("axe", "pk")
    return render(request, "financement/enveloppes.html", {"enveloppes": list(liste)})


def _enveloppe_geree(request, uuid) -> Enveloppe:
    return get_object_or_404(Enveloppe.objects.gerables_par(request.user).avec_details(), uuid=uuid)


def _page_enveloppe(request, enveloppe, *, status=200, **formulaires):
    contexte = {
        "enveloppe": enveloppe,
        "enfants": list(enveloppe.enfants.avec_details().order_by("nom")),
        "mouvements": list(
            Mouvement.objects.filter(Q(source=enveloppe) | Q(destination=enveloppe))
            .select_related("source", "destination", "par")
            .order_by("-cree_le")[:50]
        ),
        "subventions": list(
            enveloppe.subventions.sans_conflits_de(request.user)
            .select_related("beneficiaire")
            .order_by("-cree_le")[:50]
        ),
        "form_fille": formulaires.get("form_fille") or EnveloppeFilleForm(),
        "form_retour": formulaires.get("form_retour")
        or (MouvementForm(prefix="retour") if enveloppe.parent_id else None),
        "form_redeploiement": formulaires.get("form_redeploiement")
        or (
            RedeploiementForm(prefix="redeploiement", enveloppe=enveloppe)
            if enveloppe.parent_id
            else None
        ),
        "form_attribution": formulaires.get("form_attribution")
        or (
            AttributionExceptionnelleForm(prefix="attribution")
            if perms.peut_attribuer_exceptionnellement(request.user)
            else None
        ),
    }
    return render(request, "financement/enveloppe.html", contexte, status=status)


@require_safe
def enveloppe(request, uuid):
    return _page_enveloppe(request, _enveloppe_geree(request, uuid))


def _agir_sur_enveloppe(request, uuid, *, cle: str, form, service, succes):
    """Une action sur une enveloppe gérée : formulaire → service → message → redirection ;
    en cas d'erreur, la page de l'enveloppe revient avec le formulaire et ce qui a été saisi.
    `succes(resultat)` rend le message et l'adresse de redirection."""
    enveloppe = _enveloppe_geree(request, uuid)
    formulaire = form(request.POST, enveloppe=enveloppe)
    if formulaire.is_valid():
        try:
            resultat = service(enveloppe, request.user, formulaire.cleaned_data)
        except ValidationError as exc:
            formulaire.ajouter_erreurs(exc)
        else:
            message, adresse = succes(resultat, enveloppe)
            messages.success(request, message)
            return redirect(adresse)
    enveloppe.refresh_from_db()
    return _page_enveloppe(request, enveloppe, status=422, **{cle: formulaire})


@require_POST
def creer_enveloppe_fille(request, uuid):
    return _agir_sur_enveloppe(
        request,
        uuid,
        cle="form_fille",
        form=lambda data, enveloppe: EnveloppeFilleForm(data),
        service=lambda e, par, d: services.creer_enveloppe(parent=e, par=par, **d),
        succes=lambda fille, e: (
            f"L'enveloppe « {fille.nom} » est créée.",
            reverse("financement:enveloppe", args=[e.uuid]),
        ),
    )


@require_POST
def retourner_credits(request, uuid):
    return _agir_sur_enveloppe(
        request,
        uuid,
        cle="form_retour",
        form=lambda data, enveloppe: MouvementForm(data, prefix="retour"),
        service=lambda e, par, d: services.retourner(source=e, par=par, **d),
        succes=lambda _, e: (
            "Les crédits sont rendus à l'enveloppe parente.",
            reverse("financement:enveloppe", args=[e.uuid]),
        ),
    )


@require_POST
def redeployer_credits(request, uuid):
    return _agir_sur_enveloppe(
        request,
        uuid,
        cle="form_redeploiement",
        form=lambda data, enveloppe: RedeploiementForm(
            data, prefix="redeploiement", enveloppe=enveloppe
        ),
        service=lambda e, par, d: services.redeployer(source=e, par=par, **d),
        succes=lambda _, e: (
            "Les crédits sont redéployés.",
            reverse("financement:enveloppe", args=[e.uuid]),
        ),
    )


@require_POST
def attribuer_exceptionnellement(request, uuid):
    """Administrateurs seuls : toute autre subvention naît de l'acceptation d'un dossier."""
    perms.exiger(
        perms.peut_attribuer_exceptionnellement(request.user),
        "Seul un administrateur attribue une subvention hors d'un dossier.",
    )
    return _agir_sur_enveloppe(
        request,
        uuid,
        cle="form_attribution",
        form=lambda data, enveloppe: AttributionExceptionnelleForm(data, prefix="attribution"),
        service=lambda e, par, d: services.attribuer_exceptionnellement(enveloppe=e, par=par, **d),
        succes=lambda subvention, _: (
            "La subvention exceptionnelle est attribuée, son montant engagé et son motif "
            "journalisé.",
            reverse("financement:subvention", args=[subvention.uuid]),
        ),
    )
