"""Le recueil : proposer, rejoindre, commenter ; la modération et l'issue décidée par l'ANCT."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from fonds.comptes import perms as socle
from fonds.comptes.models import User
from fonds.notifications.services import notifier
from fonds.verrous import verrouiller

from .. import perms
from ..enums import Issue, Phase, Sorte, StatutCommentaire
from ..models import Commentaire, Jonction, Proposition
from ..resultats import renouveler_apres_validation

CHAMPS_BESOIN = ("probleme", "concernes", "frequence", "existant")
CHAMPS_SERVICE = ("ce_qu_il_fait", "operateurs", "licence", "code_source", "mutualisation", "cout")
EXIGES = {
    Sorte.BESOIN: {
        "probleme": "Décrivez le problème : c'est ce qui fait un besoin.",
        "concernes": "Dites qui subit ce problème.",
    },
    Sorte.SERVICE: {
        "ce_qu_il_fait": "Dites ce que fait le service.",
        "operateurs": "Dites qui l'opère et qui l'utilise.",
    },
}


def _exiger_phase(tour, phase: str, message: str) -> None:
    if tour.phase() != phase:
        raise ValidationError(message)


def lien(proposition) -> str:
    return reverse("consultation:proposition", args=[proposition.uuid])


def destinataires(proposition) -> list:
    """L'auteur et les membres vérifiés de la collectivité autrice."""
    personnes = {proposition.auteur_id: proposition.auteur}
    if proposition.collectivite_id:
        for u in User.objects.membres_verifies_de(proposition.collectivite_id):
            personnes[u.pk] = u
    return list(personnes.values())


def proposer(*, tour, par, sorte, titre, collectivite=None, themes=(), etiquettes=(), **champs):
    """Dépose une proposition pendant le recueil. Un membre vérifié propose au nom de sa
    collectivité ; un partenaire au nom de son organisation."""
    socle.exiger(
        perms.peut_proposer(par),
        "Seuls les membres vérifiés d'une collectivité et les partenaires de la consultation "
        "proposent.",
    )
    erreurs = {}
    if collectivite is not None and not socle.est_membre(par, collectivite):
        raise PermissionDenied(f"Vous n'êtes pas membre vérifié de {collectivite.nom}.")
    organisation = ""
    if collectivite is None:
        if not perms.est_partenaire(par):
            erreurs["collectivite"] = [
                "Choisissez la collectivité au nom de laquelle vous proposez."
            ]
        organisation = _organisation(par)
    if sorte not in Sorte.values:
        erreurs["sorte"] = ["Choisissez : un besoin ou un service existant."]
    for champ, message in EXIGES.get(sorte, {}).items():
        if not str(champs.get(champ) or "").strip():
            erreurs[champ] = [message]
    if not str(titre or "").strip():
        erreurs["titre"] = ["Donnez un titre à la proposition."]
    if erreurs:
        raise ValidationError(erreurs)
    gardes = CHAMPS_BESOIN if sorte == Sorte.BESOIN else CHAMPS_SERVICE
    inconnus = set(champs) - set(CHAMPS_BESOIN) - set(CHAMPS_SERVICE)
    if inconnus:
        raise ValueError(f"Champs inconnus : {sorted(inconnus)}")
    proposition = Proposition(
        tour=tour,
        sorte=sorte,
        titre=titre.strip(),
        auteur=par,
        collectivite=collectivite,
        organisation=organisation,
        **{c: (champs.get(c) or "") for c in gardes},
    )
    proposition.texte_recherche = proposition.calculer_texte_recherche()
    proposition.full_clean(exclude=["tour", "auteur", "collectivite", "guichet", "groupe"])
    with transaction.atomic():
        verrouiller(tour)
        _exiger_phase(
            tour,
            Phase.RECUEIL,
            "Le recueil de ce tour est clos : les propositions ne sont reçues que pendant le "
            "recueil.",
        )
        proposition.deposee_le = timezone.now()
        proposition._history_user = par
        proposition._change_reason = "Dépôt de la proposition"
        proposition.save()
        proposition.themes.set(themes)
        proposition.etiquettes.set(etiquettes)
        Proposition.objects.filter(pk=proposition.pk).indexer_recherche()
    return proposition


def _organisation(user) -> str:
    from fonds.comptes.enums import Role

    h = user.habilitations.filter(role=Role.PARTENAIRE).exclude(organisation="").first()
    return (h.organisation if h else "") or user.get_full_name() or user.email


@transaction.atomic
def joindre(*, proposition, collectivite, par) -> Jonction:
    """« Nous avons aussi ce besoin » : une autre collectivité rejoint la proposition."""
    socle.exiger(
        socle.peut_agir_pour(par, collectivite),
        f"Seuls les membres vérifiés de {collectivite.nom} la font rejoindre une proposition.",
    )
    if proposition.collectivite_id == collectivite.pk:
        raise ValidationError(f"La proposition vient déjà de {collectivite.nom}.")
    if proposition.issue in (Issue.REJETEE, Issue.REORIENTEE):
        raise ValidationError("Cette proposition n'est plus dans la consultation.")
    if proposition.tour.phase() not in (Phase.RECUEIL, Phase.VOTE):
        raise ValidationError("On rejoint une proposition pendant le recueil et le vote.")
    try:
        with transaction.atomic():
            jonction = Jonction.objects.create(
                proposition=proposition, collectivite=collectivite, par=par
            )
    except IntegrityError as exc:
        raise ValidationError(f"{collectivite.nom} a déjà rejoint cette proposition.") from exc
    Proposition.objects.filter(pk=proposition.pk).update(nb_jonctions=F("nb_jonctions") + 1)
    return jonction


def commenter(*, proposition, texte: str, par) -> Commentaire:
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Écrivez votre commentaire."})
    if len(texte) > 4000:
        raise ValidationError({"texte": "Un commentaire tient en 4 000 caractères au plus."})
    commentaire = Commentaire(proposition=proposition, auteur=par, texte=texte)
    commentaire._history_user = par
    commentaire._change_reason = "Commentaire publié"
    commentaire.save()
    return commentaire


@transaction.atomic
def masquer_commentaire(*, commentaire, motif: str, par) -> Commentaire:
    socle.exiger(perms.anime_la_consultation(par), "Seule l'ANCT modère les commentaires.")
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Dites pourquoi le commentaire est masqué."})
    verrouiller(commentaire)
    if commentaire.statut == StatutCommentaire.MASQUE:
        raise ValidationError("Ce commentaire est déjà masqué.")
    commentaire.statut = StatutCommentaire.MASQUE
    commentaire.motif_moderation = motif
    commentaire._history_user = par
    commentaire._change_reason = f"Masqué : {motif}"[:100]
    commentaire.save()
    return commentaire


@transaction.atomic
def decider_issue(*, proposition, issue: str, par, raison: str = "", guichet=None) -> Proposition:
    """Gardée pour le vote, réorientée vers un guichet du socle, ou rejetée avec une raison
    publiée. Les auteurs sont prévenus."""
    socle.exiger(
        perms.anime_la_consultation(par), "Seule l'ANCT décide de l'issue d'une proposition."
    )
    raison = (raison or "").strip()
    erreurs = {}
    if issue not in (Issue.GARDEE, Issue.REORIENTEE, Issue.REJETEE):
        erreurs["issue"] = ["Choisissez : gardée, réorientée ou rejetée."]
    if issue == Issue.REORIENTEE and guichet is None:
        erreurs["guichet"] = ["Choisissez le guichet vers lequel la proposition est réorientée."]
    if issue == Issue.REJETEE and not raison:
        erreurs["raison"] = ["Une proposition rejetée l'est avec une raison publiée."]
    if erreurs:
        raise ValidationError(erreurs)
    verrouiller(proposition)
    if proposition.groupe_id and issue != Issue.GARDEE:
        raise ValidationError(
            "Cette proposition est dans un besoin consolidé : retirez-la du groupe d'abord."
        )
    proposition.issue = issue
    proposition.raison = raison
    proposition.guichet = guichet if issue == Issue.REORIENTEE else None
    proposition.decidee_le = timezone.now()
    proposition._history_user = par
    proposition._change_reason = f"Issue : {Issue(issue).label}"
    proposition.save()
    renouveler_apres_validation(proposition.tour_id)
    textes = {
        Issue.GARDEE: "Votre proposition est gardée pour le vote des collectivités.",
        Issue.REORIENTEE: f"Votre proposition relève d'un autre guichet : « {guichet} ». "
        "Vous y trouverez les règles et le dépôt d'un dossier.",
        Issue.REJETEE: f"Votre proposition n'est pas retenue pour la consultation : {raison}",
    }
    notifier(
        destinataires=destinataires(proposition),
        cle=f"consultation:{proposition.uuid}:issue:{issue}:{proposition.decidee_le:%s}",
        titre=f"Consultation : {Issue(issue).label.lower()}",
        texte=f"« {proposition.titre} » — {textes[issue]}",
        lien=lien(proposition),
    )
    return proposition
