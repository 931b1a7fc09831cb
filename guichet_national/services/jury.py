"""Le jury d'un appel : la DINUM nomme les jurés (pour cet appel seulement) ; les conflits
d'intérêts sont calculés depuis le registre à chaque requête (le juré membre du porteur, d'un
membre du porteur, d'un groupement dont le porteur est membre, ou d'une collectivité
partenaire) et ceux qu'il a déclarés au socle : il ne voit ni ne note le dossier. Chaque
critère est noté sur son échelle avec une justification écrite ; « sans objet » n'est jamais
compté zéro ; les notes d'un juré restent cachées des autres jusqu'à leur soumission."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.comptes.models import User
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import Etat
from fonds.financement.models import Subvention
from fonds.financement.services import emettre_convention
from fonds.verrous import verrouiller

from ..models.appels import PRESELECTIONNE, Appel
from ..models.jury import Critere, Evaluation, Jure, Note
from .appels import exiger_dinum

SUR = Decimal(20)  # la note pondérée est rendue sur 20
ECART_SIGNALE = Decimal(4)  # un écart d'au moins 4 points sur 20 entre jurés est signalé


def jure_de(user, appel) -> Jure | None:
    """L'habilitation de `user` au jury de cet appel, relue à chaque requête."""
    if not user.is_authenticated:
        return None
    return Jure.objects.filter(appel=appel, user=user, actif=True).first()


@transaction.atomic
def nommer_jure(*, appel: Appel, email: str, par, president: bool = False) -> Jure:
    exiger_dinum(par)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": ["Aucun compte actif n'a cette adresse."]})
    if Jure.objects.filter(appel=appel, user=user).exists():
        raise ValidationError({"email": [f"{user} fait déjà partie de ce jury."]})
    jure = Jure(appel=appel, user=user, president=president, nomme_par=par)
    jure._history_user = par
    jure.save()
    return jure


def proches(user) -> set[int]:
    """Les collectivités proches de `user` : celles dont il est membre vérifié, leurs
    groupements et leurs membres, plus ses conflits déclarés ; une requête."""
    d = perms.droits(user)
    if not d.collectivites:
        return set(d.conflits)
    mes = d.collectivites
    ids = Collectivite.objects.filter(
        Q(pk__in=mes) | Q(membres__in=mes) | Q(groupements__in=mes)
    ).values_list("pk", flat=True)
    return set(ids) | set(d.conflits)


def motif_conflit(dossier, voisines: set[int]) -> str:
    """Pourquoi le juré est en conflit avec ce dossier (« » : aucun conflit). Les partenaires
    se lisent sur `dossier.projet_appel.partenaires` (préchargés par l'appelant)."""
    if dossier.collectivite_id in voisines:
        return f"Vous êtes lié à {dossier.collectivite.nom}, qui porte le projet."
    projet = getattr(dossier, "projet_appel", None)
    if projet is not None:
        for partenaire in projet.partenaires.all():
            if partenaire.pk in voisines:
                return f"Vous êtes lié à {partenaire.nom}, partenaire du projet."
    return ""


def dossiers_du_jury(appel):
    return (
        appel.guichet.dossiers.filter(etape=PRESELECTIONNE)
        .exclude(etat__in=[Etat.BROUILLON, Etat.DEPOSE])
        .select_related("collectivite", "projet_appel")
        .prefetch_related("projet_appel__partenaires")
    )


def exiger_sans_conflit(jure: Jure, dossier) -> None:
    motif = motif_conflit(dossier, proches(jure.user))
    if motif:
        raise PermissionDenied(
            f"Conflit d'intérêts : {motif} Vous ne voyez ni ne notez ce dossier."
        )


def ponderer(criteres, valeurs: dict) -> Decimal:
    """Σ poids × note/échelle ÷ Σ poids, sur 20, les critères « sans objet » écartés (ni zéro,
    ni poids)."""
    total = poids = Decimal(0)
    for c in criteres:
        valeur = valeurs.get(c.pk)
        if valeur is None:
            continue
        total += c.poids * Decimal(valeur) / c.echelle
        poids += c.poids
    if not poids:
        raise ValidationError("Notez au moins un critère : tous ne peuvent être « sans objet ».")
    return (total / poids * SUR).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@transaction.atomic
def evaluer(*, jure: Jure, dossier, notes: dict, soumettre: bool) -> Evaluation:
    """`notes` : critère (pk) → (valeur ou None pour « sans objet », justification).
    Enregistrée, l'évaluation reste modifiable ; soumise, elle est figée et visible."""
    exiger_sans_conflit(jure, dossier)
    if dossier.guichet_id != jure.appel.guichet_id or dossier.etape != PRESELECTIONNE:
        raise PermissionDenied("Ce dossier n'est pas soumis à votre jury.")
    criteres = list(Critere.objects.filter(appel=jure.appel))
    evaluation, _ = Evaluation.objects.get_or_create(jure=jure, dossier=dossier)
    evaluation = verrouiller(evaluation)
    if evaluation.soumise_le:
        raise ValidationError("Votre évaluation est déjà soumise : elle ne change plus.")
    erreurs: dict[str, list[str]] = {}
    valeurs = {}
    for c in criteres:
        valeur, justification = notes.get(c.pk, (None, ""))
        if valeur is not None and not 0 <= valeur <= c.echelle:
            erreurs[f"note_{c.ordre}"] = [f"La note va de 0 à {c.echelle}."]
        if not (justification or "").strip():
            erreurs[f"justification_{c.ordre}"] = ["Justifiez la note de ce critère par écrit."]
        valeurs[c.pk] = valeur
    if erreurs:
        raise ValidationError(erreurs)
    Note.objects.filter(evaluation=evaluation).delete()
    Note.objects.bulk_create(
        Note(evaluation=evaluation, critere=c, valeur=valeurs[c.pk], justification=notes[c.pk][1])
        for c in criteres
    )
    evaluation.note_ponderee = ponderer(criteres, valeurs)
    if soumettre:
        evaluation.soumise_le = timezone.now()
    evaluation._history_user = jure.user
    evaluation.save()
    return evaluation


def synthese(appel, dossiers_list) -> list[dict]:
    """Pour chaque dossier : moyenne des notes pondérées soumises, écart entre jurés (signalé
    au-delà de 4 points sur 20), rang. Une requête."""
    soumises = Evaluation.objects.filter(
        dossier__in=[d.pk for d in dossiers_list], soumise_le__isnull=False
    ).values_list("dossier_id", "note_ponderee")
    par_dossier: dict[int, list[Decimal]] = {}
    for dossier_id, note in soumises:
        par_dossier.setdefault(dossier_id, []).append(note)
    lignes = []
    for d in dossiers_list:
        notes = par_dossier.get(d.pk, [])
        moyenne = (sum(notes) / len(notes)).quantize(Decimal("0.01")) if notes else None
        ecart = (max(notes) - min(notes)) if len(notes) > 1 else Decimal(0)
        lignes.append(
            {
                "dossier": d,
                # La subvention d'un lauréat, None sinon (l'accès inverse lèverait une erreur).
                "subvention": getattr(d, "subvention", None),
                "moyenne": moyenne,
                "nb_notes": len(notes),
                "ecart": ecart,
                "ecart_signale": ecart >= ECART_SIGNALE,
            }
        )
    lignes.sort(key=lambda ligne: (ligne["moyenne"] is None, -(ligne["moyenne"] or 0)))
    for rang, ligne in enumerate(lignes, 1):
        ligne["rang"] = rang
    return lignes


@transaction.atomic
def decider(*, dossier, par, laureat: bool, montant=None, motivation: str = ""):
    """La décision de séance, par les services du socle : lauréat (montant au plus celui
    demandé, engagé sous le verrou de l'enveloppe de l'appel, jamais au-delà) ou refusé motivé."""
    exiger_dinum(par)
    if dossier.etape != PRESELECTIONNE:
        raise ValidationError("Seul un dossier pré-sélectionné passe en séance.")
    if laureat:
        if montant is not None and dossier.montant_demande and montant > dossier.montant_demande:
            raise ValidationError(
                {
                    "montant": [
                        f"Le montant accordé ne dépasse pas l'aide demandée "
                        f"({dossier.montant_demande} €)."
                    ]
                }
            )
        dossier = dossiers.accepter(
            dossier=dossier, par=par, motivation=motivation, montant=montant
        )
        # La subvention née de la décision a sa convention tout de suite (PDF produit par une
        # tâche après la validation), émise par l'agent de la DINUM qui a décidé.
        emettre_convention(subvention=Subvention.objects.get(dossier=dossier), par=par)
        return dossier
    return dossiers.refuser(dossier=dossier, par=par, motivation=motivation)
