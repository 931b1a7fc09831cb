"""Actions sur les comptes : une fonction par action, qui vérifie la règle et le droit."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller

from . import perms
from .enums import Fonction, ModeValidation, Role, SourceConflit, StatutAdhesion
from .models import Adhesion, ConflitInteret, Habilitation, User


def _valideurs(collectivite: Collectivite) -> list[User]:
    """Qui reçoit une demande d'adhésion : les membres vérifiés, à défaut les administrateurs."""
    membres = list(User.objects.membres_verifies_de(collectivite))
    if membres:
        return membres
    return list(
        User.objects.filter(
            is_active=True, habilitations__role=Role.ADMINISTRATEUR, habilitations__active=True
        ).distinct()
    )


@transaction.atomic
def demander_adhesion(
    *,
    user: User,
    collectivite: Collectivite,
    fonction: str = Fonction.AGENT,
    intitule_poste: str = "",
) -> Adhesion:
    if Adhesion.objects.filter(
        user=user,
        collectivite=collectivite,
        statut__in=[StatutAdhesion.EN_ATTENTE, StatutAdhesion.VALIDEE],
    ).exists():
        raise ValidationError(
            "Vous avez déjà une demande en cours ou une adhésion validée pour cette collectivité."
        )
    adhesion = Adhesion(
        user=user, collectivite=collectivite, fonction=fonction, intitule_poste=intitule_poste
    )
    valider(adhesion)
    try:
        with transaction.atomic():
            adhesion.save()
    except IntegrityError as exc:  # deux demandes simultanées
        raise ValidationError(
            "Vous avez déjà une demande en cours ou une adhésion validée pour cette collectivité."
        ) from exc
    perms.oublier_droits(user)
    notifier(
        destinataires=_valideurs(collectivite),
        cle=f"adhesion-demandee-{adhesion.uuid}",
        titre=f"Demande d'adhésion à {collectivite.nom}",
        texte=(
            f"{user.get_full_name() or user.email} demande à agir pour {collectivite.nom} "
            f"({adhesion.get_fonction_display().lower()}). Vérifiez qu'il s'agit bien d'un "
            "agent ou d'un élu de votre collectivité avant de valider."
        ),
        lien=reverse("comptes:adhesion_detail", args=[adhesion.uuid]),
    )
    return adhesion


def _mode_de_validation(par: User, collectivite: Collectivite) -> str:
    if perms.est_membre(par, collectivite):
        return ModeValidation.MEMBRE
    if perms.est_administrateur(par):
        return ModeValidation.ADMINISTRATEUR
    return ModeValidation.PREFECTURE


def _decider(*, adhesion: Adhesion, par: User, statut: str, motif: str = "") -> Adhesion:
    perms.exiger(
        perms.peut_decider_adhesion(par, adhesion),
        "Vous ne pouvez pas décider de cette demande d'adhésion.",
    )
    adhesion = verrouiller(adhesion, "user", "collectivite")
    if adhesion.statut != StatutAdhesion.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    adhesion.statut = statut
    adhesion.motif = motif
    adhesion.decidee_par = par
    adhesion.decidee_le = timezone.now()
    adhesion.mode_validation = (
        _mode_de_validation(par, adhesion.collectivite) if statut == StatutAdhesion.VALIDEE else ""
    )
    adhesion._change_reason = f"{adhesion.get_statut_display()} par {par.email}"
    adhesion.save()
    perms.oublier_droits(adhesion.user)
    return adhesion


@transaction.atomic
def valider_adhesion(*, adhesion: Adhesion, par: User) -> Adhesion:
    adhesion = _decider(adhesion=adhesion, par=par, statut=StatutAdhesion.VALIDEE)
    notifier(
        destinataires=[adhesion.user],
        cle=f"adhesion-validee-{adhesion.uuid}",
        titre=f"Vous pouvez agir pour {adhesion.collectivite.nom}",
        texte=(
            f"Votre adhésion à {adhesion.collectivite.nom} a été validée. Vous pouvez désormais "
            "déposer des dossiers, voter et suivre les aides de la collectivité."
        ),
        lien=reverse("portail:mon_espace"),
    )
    return adhesion


@transaction.atomic
def refuser_adhesion(*, adhesion: Adhesion, par: User, motif: str) -> Adhesion:
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif du refus : il sera communiqué."})
    adhesion = _decider(adhesion=adhesion, par=par, statut=StatutAdhesion.REFUSEE, motif=motif)
    notifier(
        destinataires=[adhesion.user],
        cle=f"adhesion-refusee-{adhesion.uuid}",
        titre=f"Demande d'adhésion à {adhesion.collectivite.nom} refusée",
        texte=f"Votre demande d'adhésion à {adhesion.collectivite.nom} a été refusée : {motif}",
        lien=reverse("comptes:adhesion_detail", args=[adhesion.uuid]),
    )
    return adhesion


@transaction.atomic
def retirer_adhesion(*, adhesion: Adhesion, par: User) -> Adhesion:
    """La personne quitte la collectivité, ou retire sa demande."""
    perms.exiger(
        adhesion.user_id == par.pk or perms.peut_decider_adhesion(par, adhesion),
        "Vous ne pouvez pas retirer cette adhésion.",
    )
    adhesion = verrouiller(adhesion, "user", "collectivite")
    if adhesion.statut not in (StatutAdhesion.EN_ATTENTE, StatutAdhesion.VALIDEE):
        raise ValidationError("Cette adhésion n'est plus active.")
    adhesion.statut = StatutAdhesion.RETIREE
    adhesion.decidee_par = par
    adhesion.decidee_le = timezone.now()
    adhesion.save()
    perms.oublier_droits(adhesion.user)
    return adhesion


@transaction.atomic
def adherer_par_proconnect(*, user: User, siret: str) -> Adhesion | None:
    """Connexion ProConnect avec le SIRET d'une collectivité : l'adhésion est validée d'emblée,
    car la fédération d'identité de l'État atteste le lien entre l'agent et son employeur."""
    siren = (siret or "").strip()[:9]
    if len(siren) != 9 or not siren.isdigit():
        return None
    collectivite = Collectivite.objects.filter(siren=siren, actif=True).first()
    if collectivite is None:
        return None
    adhesion = (
        Adhesion.objects.select_for_update(of=("self",))
        .filter(
            user=user,
            collectivite=collectivite,
            statut__in=[StatutAdhesion.EN_ATTENTE, StatutAdhesion.VALIDEE],
        )
        .first()
    )
    if adhesion and adhesion.statut == StatutAdhesion.VALIDEE:
        return adhesion
    if adhesion is None:
        adhesion = Adhesion(user=user, collectivite=collectivite)
    adhesion.statut = StatutAdhesion.VALIDEE
    adhesion.mode_validation = ModeValidation.PROCONNECT
    adhesion.decidee_le = timezone.now()
    adhesion._change_reason = f"Validée par ProConnect (SIRET {siret})"
    adhesion.save()
    perms.oublier_droits(user)
    return adhesion


@transaction.atomic
def habiliter(
    *, user: User, role: str, par: User, region=None, departement=None, organisation: str = ""
) -> Habilitation:
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur donne des habilitations.")
    habilitation = Habilitation(
        user=user,
        role=role,
        region=region,
        departement=departement,
        organisation=organisation,
        creee_par=par,
    )
    valider(habilitation)
    habilitation.save()
    perms.oublier_droits(user)
    return habilitation


# Conflits d'intérêts -------------------------------------------------------------------------


@transaction.atomic
def declarer_conflit(
    *, user: User, collectivite: Collectivite, motif: str, par: User
) -> ConflitInteret:
    """`user` se déporte des dossiers de `collectivite` : il ne les voit plus, ne les instruit
    plus, n'en reçoit plus les notifications, dès sa prochaine requête. La personne elle-même ou
    un administrateur le déclare ; un conflit que le portail proposait est noté comme tel."""
    perms.exiger(
        par.pk == user.pk or perms.est_administrateur(par),
        "Seule la personne concernée ou un administrateur déclare un conflit d'intérêts.",
    )
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif du conflit d'intérêts."})
    User.objects.select_for_update().get(pk=user.pk)  # deux déclarations ne se croisent pas
    if ConflitInteret.objects.filter(user=user, collectivite=collectivite).exists():
        raise ValidationError(
            {
                "collectivite": f"Un conflit d'intérêts avec {collectivite.nom} est déjà "
                f"déclaré depuis le {_date_declaration(user, collectivite)}."
            }
        )
    propose = ConflitInteret.objects.propositions(user).filter(pk=collectivite.pk).exists()
    conflit = ConflitInteret(
        user=user,
        collectivite=collectivite,
        motif=motif,
        source=SourceConflit.PROPOSE if propose else SourceConflit.DECLARE,
        declare_par=par,
    )
    conflit._history_user = par
    conflit._change_reason = "Déclaration"
    valider(conflit)
    conflit.save()
    perms.oublier_droits(user)
    return conflit


def _date_declaration(user, collectivite) -> str:
    declare_le = (
        ConflitInteret.objects.filter(user=user, collectivite=collectivite)
        .values_list("declare_le", flat=True)
        .get()
    )
    return timezone.localtime(declare_le).strftime("%d/%m/%Y")


#: L'adresse du compte qui signe les décisions automatiques (guichet forfaitaire).
EMAIL_ACTEUR_SYSTEME = "decision-automatique@portail.invalid"


def acteur_systeme() -> User:
    """Le compte « Décision automatique du portail » : l'auteur, dans l'historique, des décisions
    prises sans agent (`fonds.dossiers.services.accepter_automatiquement`). Il ne peut pas se
    connecter (inactif, sans mot de passe) et n'a aucune habilitation."""
    acteur, cree = User.objects.get_or_create(
        email=EMAIL_ACTEUR_SYSTEME,
        defaults={
            "first_name": "Décision automatique",
            "last_name": "du portail",
            "is_active": False,
        },
    )
    if cree:
        acteur.set_unusable_password()
        acteur.save(update_fields=["password"])
    return acteur
