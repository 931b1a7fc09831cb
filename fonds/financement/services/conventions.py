"""Conventions de financement : émission, PDF, copie signée, contreseing."""

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.models import User
from fonds.verrous import verrouiller

from ..enums import (
    Axe,
    NatureEnveloppe,
    StatutSubvention,
)
from ..models import Convention, Subvention
from ..montants import CENTIME, en_euros, en_lettres
from ._commun import _enregistrer, _notifier_subvention
from .subventions import _changer_statut, _exiger_statut, _verrouiller_subvention

TAILLE_MAX_CONVENTION_SIGNEE = 10 * 1024 * 1024


# --- Conventions --------------------------------------------------------------------------------


@transaction.atomic
def emettre_convention(*, subvention: Subvention, par: User) -> Convention:
    """Prépare une nouvelle version de la convention (la précédente est remplacée, conservée) ;
    le PDF est produit par une tâche après la validation de la transaction."""
    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    return _emettre(subvention, par=par)


@transaction.atomic
def emettre_convention_automatiquement(*, subvention: Subvention) -> Convention:
    """La convention émise par le portail lui-même, sans agent (la subvention d'une décision
    automatique, `fonds.dossiers.services.accepter_automatiquement`) : mêmes règles, même
    verrou ; l'historique l'attribue à `acteur_systeme`."""
    from fonds.comptes.services import acteur_systeme

    return _emettre(subvention, par=acteur_systeme())


def _emettre(subvention: Subvention, *, par: User) -> Convention:
    from fonds.celery import mettre_en_file

    from ..tasks import generer_convention

    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        action="émettre une convention",
    )
    precedente = subvention.conventions.en_vigueur().select_for_update(of=("self",)).first()
    version = 1
    if precedente:
        precedente.remplacee_le = timezone.now()
        _enregistrer(precedente, par=par, motif="Remplacée par une nouvelle version")
        version = precedente.version + 1
    convention = Convention(subvention=subvention, version=version, emise_par=par)
    _enregistrer(convention, par=par, motif="Émission")
    transaction.on_commit(lambda: mettre_en_file(generer_convention, convention.pk))
    return convention


def autorite_signataire(subvention: Subvention) -> str:
    """Qui représente l'État dans la convention, selon l'axe."""
    if subvention.axe == Axe.AXE_1:
        return "le directeur général de l'Agence nationale de la cohésion des territoires (ANCT)"
    if subvention.axe == Axe.AXE_2:
        return "le directeur interministériel du numérique (DINUM)"
    enveloppe = subvention.enveloppe
    departement = enveloppe.departement or subvention.departement
    if enveloppe.nature == NatureEnveloppe.DEPARTEMENT and departement:
        return f"le préfet du département {departement.nom}"
    region = enveloppe.region or subvention.region
    if region:
        return f"le préfet de la région {region.nom}"
    return f"le préfet du département {departement.nom}" if departement else "le préfet"


def rendre_pdf_convention(convention: Convention) -> bytes:
    from weasyprint import HTML

    subvention = convention.subvention
    avance = (subvention.montant * Decimal("0.30")).quantize(CENTIME, rounding=ROUND_HALF_UP)
    html = render_to_string(
        "financement/convention.html",
        {
            "convention": convention,
            "subvention": subvention,
            "beneficiaire": subvention.beneficiaire,
            "autorite": autorite_signataire(subvention),
            "montant_en_euros": en_euros(subvention.montant),
            "montant_en_lettres": en_lettres(subvention.montant),
            "cout_eligible": en_euros(subvention.cout_eligible),
            "avance": en_euros(avance),
            "date": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def noter_echec_generation(*, convention_id: int, erreur: str) -> None:
    """Garde la trace d'une génération de PDF en échec, visible des agents sur la subvention ;
    la tâche la relance, et `relancer_conventions_en_attente` après elle."""
    Convention.objects.filter(pk=convention_id, fichier="").update(
        tentatives_generation=F("tentatives_generation") + 1,
        erreur_generation=erreur[:500],
    )


def relancer_conventions_en_attente(*, apres_minutes: int = 10) -> int:
    """Remet en file la génération des conventions en vigueur toujours sans PDF."""
    from fonds.celery import mettre_en_file

    from ..tasks import generer_convention

    limite = timezone.now() - datetime.timedelta(minutes=apres_minutes)
    en_attente = Convention.objects.filter(
        fichier="", remplacee_le__isnull=True, emise_le__lte=limite
    ).values_list("pk", flat=True)
    return sum(mettre_en_file(generer_convention, pk) for pk in en_attente[:200])


def generer_pdf_convention(*, convention_id: int) -> Convention | None:
    """Produit le PDF d'une version de convention, une seule fois même si la tâche est
    rejouée. Appelé par la tâche `generer_convention`."""
    convention = (
        Convention.objects.select_related(
            "subvention__beneficiaire",
            "subvention__enveloppe__region",
            "subvention__enveloppe__departement",
            "subvention__region",
            "subvention__departement",
        )
        .filter(pk=convention_id)
        .first()
    )
    if convention is None or convention.fichier or convention.remplacee_le:
        return None
    contenu = rendre_pdf_convention(convention)  # hors transaction : le rendu prend du temps
    with transaction.atomic():
        # La subvention puis la convention, dans l'ordre de l'émission : jamais d'interblocage.
        subvention = _verrouiller_subvention(convention.subvention)
        convention = verrouiller(convention)
        if convention.fichier or convention.remplacee_le:
            return None
        convention.empreinte_sha256 = hashlib.sha256(contenu).hexdigest()
        convention.fichier.save(
            f"convention-{subvention.uuid}-v{convention.version}.pdf",
            ContentFile(contenu),
            save=False,
        )
        convention.generee_le = timezone.now()
        convention.erreur_generation = ""
        _enregistrer(convention, par=convention.emise_par, motif="PDF généré")
        if subvention.statut == StatutSubvention.A_CONVENTIONNER:
            _changer_statut(
                subvention,
                StatutSubvention.CONVENTION_EMISE,
                motif=f"Convention v{convention.version} émise",
                par=convention.emise_par,
            )
        _notifier_subvention(
            subvention,
            evenement=f"convention-v{convention.version}",
            titre="Convention de financement à signer",
            texte=(
                f"La convention de financement (version {convention.version}) de la subvention "
                f"« {subvention.objet} » est prête. Téléchargez-la, faites-la signer puis "
                "déposez la copie signée dans le portail."
            ),
        )
    return convention


def verifier_pdf(fichier) -> bytes:
    """Le contenu d'un PDF lisible d'au plus 10 Mo ; sinon une erreur en français."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if fichier.size > TAILLE_MAX_CONVENTION_SIGNEE:
        raise ValidationError(
            {"fichier": "Le fichier dépasse 10 Mo : réduisez-le (scan en 150 dpi)."}
        )
    fichier.seek(0)
    contenu = fichier.read()
    if not contenu.startswith(b"%PDF-"):
        raise ValidationError(
            {"fichier": "Ce fichier n'est pas un PDF. Déposez la convention signée au format PDF."}
        )
    try:
        import io

        lecteur = PdfReader(io.BytesIO(contenu), strict=False)
        if len(lecteur.pages) < 1:
            raise ValidationError({"fichier": "Ce PDF ne contient aucune page."})
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            {"fichier": "Ce PDF est illisible ou endommagé. Enregistrez-le à nouveau en PDF."}
        ) from exc
    from fonds.dossiers.fichiers import PDF, polyglotte

    if polyglotte(fichier, PDF):
        raise ValidationError(
            {
                "fichier": "Ce PDF contient aussi une page web ou une archive : enregistrez-le "
                "de nouveau en PDF depuis votre logiciel, puis déposez-le."
            }
        )
    return contenu


@transaction.atomic
def deposer_convention_signee(*, convention: Convention, fichier, par: User) -> Convention:
    """Le bénéficiaire dépose la copie signée de la convention en vigueur."""
    subvention = convention.subvention
    perms.exiger(
        perms.peut_signer_convention(par, subvention),
        "Seuls les membres vérifiés de la collectivité bénéficiaire signent la convention.",
    )
    contenu = verifier_pdf(fichier)
    # La subvention puis la convention, dans l'ordre de l'émission : jamais d'interblocage.
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention, StatutSubvention.CONVENTION_EMISE, action="déposer la convention signée"
    )
    convention = verrouiller(convention)
    if convention.remplacee_le or not convention.fichier:
        raise ValidationError("Cette version de la convention n'est plus en vigueur.")
    if convention.contresignee_le:
        raise ValidationError("Cette convention est déjà contresignée.")
    convention.fichier_signe.save(
        f"convention-{subvention.uuid}-v{convention.version}-signee.pdf",
        ContentFile(contenu),
        save=False,
    )
    convention.empreinte_signee_sha256 = hashlib.sha256(contenu).hexdigest()
    convention.signee_par = par
    convention.signee_le = timezone.now()
    _enregistrer(convention, par=par, motif="Copie signée déposée")
    _notifier_subvention(
        subvention,
        evenement=f"convention-v{convention.version}-signee",
        titre="Convention signée par le bénéficiaire",
        texte=(
            f"{subvention.beneficiaire.nom} a déposé la convention signée (version "
            f"{convention.version}) de « {subvention.objet} ». Elle attend votre contreseing."
        ),
        membres=False,
        agents=True,
    )
    return convention


@transaction.atomic
def contresigner_convention(*, convention: Convention, par: User) -> Convention:
    subvention = convention.subvention
    perms.exiger(perms.peut_contresigner_convention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(subvention, StatutSubvention.CONVENTION_EMISE, action="contresigner")
    convention = verrouiller(convention)
    if not convention.signee_le or convention.remplacee_le:
        raise ValidationError("La copie signée par le bénéficiaire n'a pas été déposée.")
    if convention.contresignee_le:
        raise ValidationError("Cette convention est déjà contresignée.")
    convention.contresignee_par = par
    convention.contresignee_le = timezone.now()
    _enregistrer(convention, par=par, motif="Contresignée")
    _changer_statut(subvention, StatutSubvention.SIGNEE, motif="Convention contresignée", par=par)
    _notifier_subvention(
        subvention,
        evenement="signee",
        titre="Convention de financement signée",
        texte=(
            f"La convention de « {subvention.objet} » est signée par les deux parties. "
            "Les versements peuvent commencer."
        ),
    )
    return convention
