"""Le dossier côté agents : compléments, instruction, étapes (celles de la sorte du guichet),
décision (et ses crochets), attribution."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.services import acteur_systeme
from fonds.financement.services import subventionner_dossier
from fonds.notifications.services import notifier
from fonds.validation import valider

from ..enums import Etat
from ..models import Annotation, Dossier, Message
from ._commun import (
    _enregistrer,
    _exiger_etat,
    _exiger_instructeur,
    _exiger_motivation,
    _lien,
    _notifier_collectivite,
    _verrouiller,
)


@transaction.atomic
def demander_complements(
    *, dossier: Dossier, par, message: str, avant: datetime.date | None = None
) -> Dossier:
    """Rouvre le dossier déposé à la collectivité jusqu'à sa réponse."""
    dossier = _verrouiller(dossier)
    _exiger_instructeur(par, dossier)
    _exiger_etat(
        dossier,
        Etat.DEPOSE,
        message="On ne demande des compléments que sur un dossier déposé, avant l'instruction.",
    )
    if not message or not message.strip():
        raise ValidationError({"message": ["Précisez les compléments attendus."]})
    if avant is not None and avant < timezone.localdate():
        raise ValidationError({"avant": ["La date limite ne peut pas être passée."]})
    dossier.complements_demandes = True
    dossier.complements_message = message.strip()
    dossier.complements_avant = avant
    _enregistrer(dossier, par=par, raison="Demande de compléments")
    Message.objects.create(dossier=dossier, auteur=par, de_agent=True, corps=message.strip())
    echeance = f" avant le {avant:%d/%m/%Y}" if avant else ""
    _notifier_collectivite(
        dossier,
        evenement=f"complements:{timezone.now().isoformat()}",
        titre=f"Compléments demandés : {dossier.titre}",
        texte=f"L'instructeur demande des compléments{echeance} : {message.strip()}",
    )
    return dossier


@transaction.atomic
def passer_en_instruction(*, dossier: Dossier, par) -> Dossier:
    """Verrouille le dossier : la collectivité ne peut plus le modifier."""
    dossier = _verrouiller(dossier)
    _exiger_instructeur(par, dossier)
    _exiger_etat(dossier, Etat.DEPOSE, message="Seul un dossier déposé passe en instruction.")
    dossier.etat = Etat.EN_INSTRUCTION
    dossier.complements_demandes = False
    if dossier.instructeur_id is None:
        dossier.instructeur = par
    _enregistrer(dossier, par=par, raison="Passage en instruction")
    _notifier_collectivite(
        dossier,
        evenement="en_instruction",
        titre=f"Dossier en instruction : {dossier.titre}",
        texte="L'instruction de votre dossier a commencé ; il n'est plus modifiable.",
    )
    return dossier


@transaction.atomic
def franchir_etape(*, dossier: Dossier, par, transition: str, commentaire: str = "") -> Dossier:
    """Un pas d'instruction que déclare la sorte du guichet (pré-sélectionner, envoyer au
    jury…) : qui le peut (son prédicat), depuis quel état et quelle étape, vers quelle étape.
    L'historique dit qui, quand et le commentaire ; le crochet `apres` du pas tourne dans la
    même transaction."""
    dossier = _verrouiller(dossier)
    sorte = dossier.guichet.sorte
    pas = sorte.transition(transition)
    if pas is None:
        raise ValidationError("Cette étape n'existe pas pour ce guichet.")
    perms.exiger(
        pas.peut(par, dossier), f"Vous ne pouvez pas « {pas.libelle.lower()} » ce dossier."
    )
    if dossier.etat not in pas.etats:
        etats = ", ".join(Etat(e).label.lower() for e in pas.etats)
        raise ValidationError(
            f"« {pas.libelle} » se fait sur un dossier {etats} ; celui-ci est "
            f"{dossier.get_etat_display().lower()}."
        )
    if dossier.etape not in pas.depuis:
        actuelle = sorte.libelle_etape(dossier.etape) if dossier.etape else "aucune étape"
        raise ValidationError(
            f"« {pas.libelle} » ne se fait pas depuis l'étape actuelle ({actuelle})."
        )
    dossier.etape = pas.vers
    _enregistrer(
        dossier, par=par, raison=f"{pas.libelle} — étape : {sorte.libelle_etape(pas.vers)}"
    )
    if commentaire.strip():
        # Le commentaire du pas rejoint les annotations privées des agents, en entier.
        annotation = Annotation(
            dossier=dossier, auteur=par, texte=f"{pas.libelle} : {commentaire.strip()}"
        )
        valider(annotation)
        annotation.save()
    if pas.apres is not None:
        pas.apres(dossier=dossier, par=par)
    return dossier


def _decider(
    dossier, *, par, etat: Etat, motivation: str, raison: str, automatique: bool = False
) -> Dossier:
    dossier = _verrouiller(dossier)
    if not automatique:
        _exiger_instructeur(par, dossier)
    _exiger_etat(
        dossier,
        Etat.EN_INSTRUCTION,
        message="Une décision se prend sur un dossier en instruction.",
    )
    dossier.etat = etat
    dossier.motivation = motivation
    dossier.decide_le = timezone.now()
    _enregistrer(dossier, par=par, raison=raison)
    # Les crochets de la sorte du guichet (créer la subvention, prévenir un jury…), dans la
    # transaction : s'ils échouent, la décision n'est pas prise.
    crochets = {
        Etat.ACCEPTE: dossier.guichet.sorte.apres_acceptation,
        Etat.REFUSE: dossier.guichet.sorte.apres_refus,
        Etat.CLASSE_SANS_SUITE: dossier.guichet.sorte.apres_classement,
    }[etat]
    for crochet in crochets:
        crochet(dossier=dossier, par=par)
    _notifier_collectivite(
        dossier,
        evenement="decision",
        titre=f"Décision sur votre dossier : {dossier.get_etat_display().lower()}",
        texte=f"Le dossier « {dossier.titre} » est {dossier.get_etat_display().lower()}."
        + (f" Motivation : {motivation}" if motivation else ""),
    )
    return dossier


@transaction.atomic
def accepter(*, dossier: Dossier, par, motivation: str = "", montant=None) -> Dossier:
    """Accepte le dossier et, dans la même transaction, crée sa subvention sur l'enveloppe du
    guichet (`fonds.financement.services.subventionner_dossier`) : montant borné par la règle
    du guichet (sans montant saisi, le plafond), plafonds du guichet, enveloppe suffisante.
    Une règle non tenue refuse tout : ni décision ni argent."""
    return _accepter(dossier=dossier, par=par, motivation=motivation, montant=montant)


@transaction.atomic
def accepter_automatiquement(*, dossier: Dossier, motivation: str = "", montant=None) -> Dossier:
    """L'acceptation prononcée par le portail lui-même (guichet forfaitaire) : pas d'agent, donc
    pas de contrôle de droit, mais les mêmes règles et le même verrou. L'historique l'attribue
    au compte « Décision automatique du portail » (`acteur_systeme`)."""
    return _accepter(
        dossier=dossier,
        par=acteur_systeme(),
        motivation=motivation,
        montant=montant,
        automatique=True,
    )


def _accepter(*, dossier, par, motivation, montant, automatique=False) -> Dossier:
    dossier = _decider(
        dossier,
        par=par,
        etat=Etat.ACCEPTE,
        motivation=(motivation or "").strip(),
        raison="Acceptation automatique" if automatique else "Acceptation",
        automatique=automatique,
    )
    subventionner_dossier(dossier=dossier, montant=montant, par=par)
    return dossier


@transaction.atomic
def refuser(*, dossier: Dossier, par, motivation: str) -> Dossier:
    motivation = _exiger_motivation(motivation)
    return _decider(dossier, par=par, etat=Etat.REFUSE, motivation=motivation, raison="Refus")


@transaction.atomic
def classer_sans_suite(*, dossier: Dossier, par, motivation: str) -> Dossier:
    motivation = _exiger_motivation(motivation)
    return _decider(
        dossier,
        par=par,
        etat=Etat.CLASSE_SANS_SUITE,
        motivation=motivation,
        raison="Classement sans suite",
    )


@transaction.atomic
def attribuer(*, dossier: Dossier, par, instructeur) -> Dossier:
    """Confie le dossier à un agent qui instruit le guichet (ou le rend à tous : None)."""
    dossier = _verrouiller(dossier)
    _exiger_instructeur(par, dossier)
    if instructeur is not None and not perms.peut_instruire(instructeur, dossier):
        raise ValidationError({"instructeur": ["Cette personne n'instruit pas ce guichet."]})
    dossier.instructeur = instructeur
    _enregistrer(
        dossier, par=par, raison=f"Attribution à {instructeur}" if instructeur else "Désattribution"
    )
    if instructeur is not None and instructeur != par:
        notifier(
            destinataires=[instructeur],
            cle=f"dossier:{dossier.uuid}:attribue:{instructeur.pk}:{timezone.now().isoformat()}",
            titre=f"Dossier attribué : {dossier.titre}",
            texte=f"{par} vous a attribué le dossier « {dossier.titre} ».",
            lien=_lien(dossier),
        )
    return dossier


@transaction.atomic
def etiqueter(*, dossier: Dossier, par, tags: str) -> Dossier:
    dossier = _verrouiller(dossier)
    _exiger_instructeur(par, dossier)
    dossier.tags = ", ".join(dict.fromkeys(t.strip() for t in tags.split(",") if t.strip()))
    _enregistrer(dossier, par=par, raison="Étiquettes")
    return dossier


# Pièces, messages, annotations --------------------------------------------------------------
