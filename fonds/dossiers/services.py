"""Ce qui change un dossier : une fonction par action, qui vérifie le droit et l'état,
enregistre (l'historique dit qui et quand, avec la raison), puis notifie après validation.

Aucune ne prend `request` ; elles lèvent `PermissionDenied` ou `ValidationError` avec un
message en français.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fonds.comptes import perms
from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import User
from fonds.notifications.services import notifier

from .enums import Etat, StatutAnalyse, TypePiece
from .fichiers import valider_fichier
from .models import Annotation, Dossier, Guichet, Message, PieceJointe

CHAMPS_MODIFIABLES = ("titre", "description", "montant_demande", "donnees")


# Destinataires -----------------------------------------------------------------------------


def membres(dossier) -> list:
    return list(
        User.objects.filter(
            adhesions__collectivite_id=dossier.collectivite_id,
            adhesions__statut=StatutAdhesion.VALIDEE,
            is_active=True,
        )
    )


def agents(guichet: Guichet) -> list:
    return list(guichet.instructeurs())


def _agents_du_dossier(dossier) -> list:
    return [dossier.instructeur] if dossier.instructeur_id else agents(dossier.guichet)


def _lien(dossier) -> str:
    return reverse("dossiers:dossier", kwargs={"uuid": dossier.uuid})


def _verrouiller(dossier) -> Dossier:
    """Relit le dossier sous verrou : deux transitions concurrentes ne se croisent pas."""
    return (
        Dossier.objects.select_for_update()
        .select_related("guichet", "collectivite")
        .get(pk=dossier.pk)
    )


def _enregistrer(dossier, *, par, raison: str) -> None:
    dossier._history_user = par
    dossier._change_reason = raison
    dossier.full_clean()
    dossier.save()
    Dossier.objects.filter(pk=dossier.pk).indexer_recherche()


def _toucher(dossier_id: int) -> None:
    """Un message, une pièce, une annotation ou une analyse antivirus change ce que montre le
    dossier sans passer par `_enregistrer` : sa date de modification avance quand même (elle
    valide les pages gardées en cache, `fonds/pages_en_cache.py`). Pas d'historique : la date
    n'y est pas suivie."""
    Dossier.objects.filter(pk=dossier_id).update(modifie_le=timezone.now())


def _exiger_etat(dossier, *etats, message: str) -> None:
    if dossier.etat not in etats:
        raise ValidationError(message)


# Collectivité ------------------------------------------------------------------------------


@transaction.atomic
def creer_dossier(*, guichet: Guichet, collectivite, par) -> Dossier:
    perms.exiger(
        perms.peut_agir_pour(par, collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent lui ouvrir un dossier.",
    )
    if not guichet.est_ouvert():
        raise ValidationError("Ce guichet n'accepte pas de dossier en ce moment.")
    dossier = Dossier(guichet=guichet, collectivite=collectivite, cree_par=par)
    _enregistrer(dossier, par=par, raison="Création du brouillon")
    return dossier


@transaction.atomic
def enregistrer_brouillon(*, dossier: Dossier, par, **valeurs) -> Dossier:
    """Enregistre ce qui est saisi, même incomplet : rien de ce qui est tapé n'est perdu.
    Possible sur un brouillon, ou sur un dossier déposé dont on attend des compléments."""
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_modifier_dossier(par, dossier),
        "Ce dossier n'est plus modifiable : l'instruction a commencé ou il est décidé.",
    )
    inconnus = set(valeurs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {sorted(inconnus)}")
    for champ, valeur in valeurs.items():
        setattr(dossier, champ, valeur)
    _enregistrer(dossier, par=par, raison="Enregistrement du brouillon")
    return dossier


def erreurs_de_depot(dossier: Dossier) -> dict[str, list[str]]:
    """Tout ce qui manque pour déposer, champ par champ, en une fois."""
    erreurs: dict[str, list[str]] = {}
    if not dossier.titre.strip():
        erreurs["titre"] = ["Donnez un titre au projet."]
    if not dossier.description.strip():
        erreurs["description"] = ["Décrivez le projet."]
    if dossier.montant_demande is None:
        erreurs["montant_demande"] = ["Indiquez le montant demandé."]
    elif dossier.montant_demande <= Decimal(0):
        erreurs["montant_demande"] = ["Le montant demandé doit être positif."]
    presentes = set(dossier.pieces.du_dossier().values_list("type_piece", flat=True))
    for code in dossier.guichet.pieces_requises:
        if code not in presentes:
            erreurs[f"piece_{code}"] = [f"Joignez la pièce « {TypePiece(code).label} »."]
    guichet, collectivite = dossier.guichet, dossier.collectivite
    for champ, messages in guichet.classe_formulaire().erreurs_de_depot(dossier).items():
        erreurs.setdefault(champ, []).extend(messages)
    if guichet.population_max and (collectivite.population or 0) > guichet.population_max:
        erreurs.setdefault("__all__", []).append(
            f"Ce guichet est réservé aux collectivités de {guichet.population_max} habitants "
            "au plus."
        )
    if guichet.departement_id and collectivite.departement_id != guichet.departement_id:
        erreurs.setdefault("__all__", []).append(
            "Ce guichet est réservé aux collectivités de son département."
        )
    if guichet.region_id and collectivite.region_id != guichet.region_id:
        erreurs.setdefault("__all__", []).append(
            "Ce guichet est réservé aux collectivités de sa région."
        )
    return erreurs


def _exiger_guichet_ouvert(guichet: Guichet) -> None:
    if not guichet.est_ouvert():
        cloture = timezone.localtime(guichet.cloture) if guichet.cloture else None
        if cloture and cloture <= timezone.now():
            raise ValidationError(
                f"Le guichet est clos depuis le {cloture:%d/%m/%Y à %H:%M} : il n'accepte "
                "plus de dépôt. Votre brouillon reste enregistré."
            )
        raise ValidationError("Le guichet n'est pas encore ouvert aux dépôts.")


@transaction.atomic
def deposer(*, dossier: Dossier, par) -> Dossier:
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_agir_pour(par, dossier.collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent déposer ce dossier.",
    )
    _exiger_etat(dossier, Etat.BROUILLON, message="Ce dossier est déjà déposé.")
    _exiger_guichet_ouvert(dossier.guichet)
    erreurs = erreurs_de_depot(dossier)
    if erreurs:
        raise ValidationError(erreurs)
    dossier.etat = Etat.DEPOSE
    dossier.depose_le = timezone.now()
    _enregistrer(dossier, par=par, raison="Dépôt")
    cle = f"dossier:{dossier.uuid}:depose"
    notifier(
        destinataires=membres(dossier),
        cle=cle,
        titre=f"Dossier déposé : {dossier.titre}",
        texte=f"Le dossier « {dossier.titre} » est déposé au guichet « {dossier.guichet} ».",
        lien=_lien(dossier),
    )
    notifier(
        destinataires=agents(dossier.guichet),
        cle=cle,
        titre=f"Nouveau dossier : {dossier.titre}",
        texte=f"{dossier.collectivite.nom} a déposé « {dossier.titre} ».",
        lien=_lien(dossier),
    )
    return dossier


@transaction.atomic
def repondre_complements(*, dossier: Dossier, par, reponse: str = "") -> Dossier:
    """La collectivité a complété son dossier : il retourne aux agents."""
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_agir_pour(par, dossier.collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent répondre.",
    )
    if not (dossier.etat == Etat.DEPOSE and dossier.complements_demandes):
        raise ValidationError("Aucun complément n'est demandé sur ce dossier.")
    erreurs = erreurs_de_depot(dossier)
    if erreurs:
        raise ValidationError(erreurs)
    dossier.complements_demandes = False
    dossier.complements_avant = None
    _enregistrer(dossier, par=par, raison="Réponse aux compléments")
    if reponse.strip():
        Message.objects.create(dossier=dossier, auteur=par, de_agent=False, corps=reponse)
    notifier(
        destinataires=_agents_du_dossier(dossier),
        cle=f"dossier:{dossier.uuid}:complements-apportes:{timezone.now().isoformat()}",
        titre=f"Compléments apportés : {dossier.titre}",
        texte=f"{dossier.collectivite.nom} a complété « {dossier.titre} ».",
        lien=_lien(dossier),
    )
    return dossier


# Agents ------------------------------------------------------------------------------------


def _exiger_instructeur(par, dossier) -> None:
    perms.exiger(perms.peut_instruire(par, dossier), "Vous n'instruisez pas ce dossier.")


def _exiger_motivation(motivation: str) -> str:
    if not motivation or not motivation.strip():
        raise ValidationError({"motivation": ["La motivation de la décision est obligatoire."]})
    return motivation.strip()


def _notifier_collectivite(dossier, *, evenement: str, titre: str, texte: str) -> None:
    notifier(
        destinataires=membres(dossier),
        cle=f"dossier:{dossier.uuid}:{evenement}",
        titre=titre,
        texte=texte,
        lien=_lien(dossier),
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
def changer_etape(*, dossier: Dossier, par, etape: str) -> Dossier:
    """Une étape propre à l'axe (pré-sélectionné, évalué par le jury…), pendant l'instruction."""
    dossier = _verrouiller(dossier)
    _exiger_instructeur(par, dossier)
    _exiger_etat(dossier, Etat.EN_INSTRUCTION, message="Le dossier n'est pas en instruction.")
    codes = [code for code, _ in dossier.guichet.etapes]
    if etape and etape not in codes:
        raise ValidationError({"etape": ["Cette étape n'existe pas pour ce guichet."]})
    dossier.etape = etape
    _enregistrer(dossier, par=par, raison=f"Étape : {dossier.guichet.libelle_etape(etape)}")
    return dossier


def _decider(dossier, *, par, etat: Etat, motivation: str, raison: str) -> Dossier:
    dossier = _verrouiller(dossier)
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
    _notifier_collectivite(
        dossier,
        evenement="decision",
        titre=f"Décision sur votre dossier : {dossier.get_etat_display().lower()}",
        texte=f"Le dossier « {dossier.titre} » est {dossier.get_etat_display().lower()}."
        + (f" Motivation : {motivation}" if motivation else ""),
    )
    return dossier


@transaction.atomic
def accepter(*, dossier: Dossier, par, motivation: str = "") -> Dossier:
    return _decider(
        dossier, par=par, etat=Etat.ACCEPTE, motivation=motivation.strip(), raison="Acceptation"
    )


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


def _empreinte(fichier) -> str:
    sha = hashlib.sha256()
    fichier.seek(0)
    for bloc in fichier.chunks():
        sha.update(bloc)
    fichier.seek(0)
    return sha.hexdigest()


def _creer_piece(*, dossier, fichier, type_piece, par, message=None) -> PieceJointe:
    type_contenu = valider_fichier(fichier)
    piece = PieceJointe(
        dossier=dossier,
        message=message,
        type_piece=type_piece,
        nom_original=fichier.name[-255:],
        taille=fichier.size,
        sha256=_empreinte(fichier),
        type_contenu=type_contenu,
        deposee_par=par,
    )
    piece.fichier.save("piece", fichier, save=False)
    try:
        piece.full_clean()
        piece.save()
    except Exception:
        piece.fichier.delete(save=False)
        raise
    _toucher(dossier.pk)
    from fonds.celery import mettre_en_file

    from .tasks import analyser_piece

    transaction.on_commit(lambda: mettre_en_file(analyser_piece, piece.pk))
    return piece


@transaction.atomic
def ajouter_piece(*, dossier: Dossier, fichier, type_piece: str, par) -> PieceJointe:
    perms.exiger(
        perms.peut_modifier_dossier(par, dossier),
        "Ce dossier n'est plus modifiable : on ne peut plus y joindre de pièce.",
    )
    if type_piece not in TypePiece.values or type_piece == TypePiece.MESSAGE:
        raise ValidationError({"type_piece": ["Type de pièce inconnu."]})
    return _creer_piece(dossier=dossier, fichier=fichier, type_piece=type_piece, par=par)


@transaction.atomic
def retirer_piece(*, piece: PieceJointe, par) -> None:
    # Une pièce déposée reste au dossier (les agents l'ont vue) : on en ajoute une autre.
    perms.exiger(
        piece.message_id is None
        and piece.dossier.etat == Etat.BROUILLON
        and perms.peut_modifier_dossier(par, piece.dossier),
        "Une pièce d'un dossier déposé ne peut plus être retirée ; joignez-en une nouvelle.",
    )
    fichier = piece.fichier
    piece.delete()
    _toucher(piece.dossier_id)
    transaction.on_commit(lambda: fichier.delete(save=False))


def analyser(*, piece_id: int) -> str | None:
    """Passe la pièce à l'antivirus configuré ; idempotent (une pièce analysée ne l'est plus)."""
    from .antivirus import antivirus

    piece = PieceJointe.objects.filter(pk=piece_id, statut_analyse=StatutAnalyse.EN_ATTENTE).first()
    if piece is None:
        return None
    with piece.fichier.open("rb") as fichier:
        statut = antivirus().analyser(fichier)
    PieceJointe.objects.filter(pk=piece.pk).update(statut_analyse=statut)
    _toucher(piece.dossier_id)
    return statut


@transaction.atomic
def envoyer_message(*, dossier: Dossier, auteur, corps: str, fichiers=()) -> Message:
    perms.exiger(
        perms.peut_ecrire_message(auteur, dossier), "Vous ne pouvez pas écrire sur ce dossier."
    )
    if not corps or not corps.strip():
        raise ValidationError({"corps": ["Le message est vide."]})
    de_agent = perms.peut_instruire(auteur, dossier) and not perms.est_membre(
        auteur, dossier.collectivite
    )
    message = Message(dossier=dossier, auteur=auteur, de_agent=de_agent, corps=corps.strip())
    message.full_clean()
    message.save()
    _toucher(dossier.pk)
    for fichier in fichiers:
        _creer_piece(
            dossier=dossier,
            fichier=fichier,
            type_piece=TypePiece.MESSAGE,
            par=auteur,
            message=message,
        )
    destinataires = membres(dossier) if de_agent else _agents_du_dossier(dossier)
    notifier(
        destinataires=[d for d in destinataires if d.pk != auteur.pk],
        cle=f"dossier:{dossier.uuid}:message:{message.pk}",
        titre=f"Nouveau message : {dossier.titre}",
        texte=corps.strip()[:500],
        lien=_lien(dossier) + "#messages",
    )
    return message


@transaction.atomic
def annoter(*, dossier: Dossier, auteur, texte: str) -> Annotation:
    perms.exiger(
        perms.peut_voir_annotations(auteur, dossier), "Les annotations sont réservées aux agents."
    )
    if not texte or not texte.strip():
        raise ValidationError({"texte": ["L'annotation est vide."]})
    annotation = Annotation(dossier=dossier, auteur=auteur, texte=texte.strip())
    annotation.full_clean()
    annotation.save()
    _toucher(dossier.pk)
    return annotation
