"""Le comité de sélection : composer, proposer les déports, recueillir les avis, décider
(l'argent passe par les décisions du socle : `consultation.subventions`, sous le verrou de
l'enveloppe), notifier, et le procès-verbal en PDF."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.financement.montants import en_euros
from fonds.notifications.services import notifier
from fonds.verrous import verrouiller

from .. import perms
from ..enums import Phase
from ..models import BesoinConsolide, Jonction, Proposition, Soutien
from ..models.selection import (
    Avis,
    DecisionComite,
    Deport,
    IssueSelection,
    MembreComite,
    Voie,
)

PHASES_DU_COMITE = (Phase.SELECTION, Phase.INTERET, Phase.DEVELOPPEMENT)


def _exiger_anct(par) -> None:
    if not perms.anime_la_consultation(par):
        raise PermissionDenied("Seule l'ANCT compose le comité et enregistre ses décisions.")


def _exiger_vote_clos(tour) -> None:
    if tour.phase() not in PHASES_DU_COMITE:
        raise ValidationError("Le comité siège une fois le vote clos.")


# --- Les besoins examinés ----------------------------------------------------------------------


@dataclass
class Cible:
    """Un besoin consolidé ou une proposition gardée restée seule, tel que le comité l'examine."""

    objet: object
    soutiens: int

    @property
    def est_groupe(self) -> bool:
        return isinstance(self.objet, BesoinConsolide)

    @property
    def uuid(self):
        return self.objet.uuid

    @property
    def titre(self) -> str:
        return self.objet.titre

    @property
    def cout(self) -> Decimal | None:
        if not self.est_groupe:
            return None
        o = self.objet
        if o.cout_developpement is None and o.cout_deploiement is None:
            return None
        return (o.cout_developpement or 0) + (o.cout_deploiement or 0)

    @property
    def cle(self) -> tuple:
        """(groupe, proposition) : deux clés de tables différentes ne se confondent pas."""
        return (self.objet.pk, None) if self.est_groupe else (None, self.objet.pk)

    def filtre(self, prefixe: str = "") -> dict:
        return {f"{prefixe}{'groupe' if self.est_groupe else 'proposition'}": self.objet}


def cibles(tour) -> list[Cible]:
    """Les besoins du tour classés par soutiens (deux requêtes)."""
    groupes = BesoinConsolide.objects.filter(tour=tour).annotate(nb=Count("soutiens"))
    seules = Proposition.objects.votables(tour).annotate(nb=Count("soutiens"))
    tout = [Cible(g, g.nb) for g in groupes] + [Cible(p, p.nb) for p in seules]
    tout.sort(key=lambda c: (-c.soutiens, c.titre))
    return tout


def cible_de(tour, uuid) -> Cible | None:
    g = BesoinConsolide.objects.filter(tour=tour, uuid=uuid).annotate(nb=Count("soutiens")).first()
    if g is not None:
        return Cible(g, g.nb)
    p = Proposition.objects.votables(tour).filter(uuid=uuid).annotate(nb=Count("soutiens")).first()
    return Cible(p, p.nb) if p is not None else None


def _propositions_de(cible: Cible):
    if cible.est_groupe:
        return Proposition.objects.filter(groupe=cible.objet)
    return Proposition.objects.filter(pk=cible.objet.pk)


def collectivites_liees(cible: Cible) -> set[int]:
    """Autrices, jointes et soutiens du besoin."""
    props = _propositions_de(cible)
    ids = set(props.exclude(collectivite=None).values_list("collectivite_id", flat=True))
    ids |= set(
        Jonction.objects.filter(proposition__in=props).values_list("collectivite_id", flat=True)
    )
    ids |= set(Soutien.objects.filter(**cible.filtre()).values_list("collectivite_id", flat=True))
    return ids


def enveloppe_de(tour) -> Enveloppe:
    """L'enveloppe du tour, sinon celle de l'axe 1."""
    if tour.enveloppe_id:
        return tour.enveloppe
    return Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1)


# --- Composer le comité, les déports -----------------------------------------------------------


@transaction.atomic
def composer(*, tour, personne, qualite, par, collectivite=None, organisation="") -> MembreComite:
    """Ajoute une personne au comité ; membre d'une collectivité, elle est aussitôt proposée
    comme déportée sur les besoins que sa collectivité a écrits, rejoints ou soutenus."""
    _exiger_anct(par)
    if MembreComite.objects.filter(tour=tour, personne=personne).exists():
        raise ValidationError({"courriel": "Cette personne siège déjà au comité de ce tour."})
    membre = MembreComite.objects.create(
        tour=tour,
        personne=personne,
        qualite=qualite,
        collectivite=collectivite,
        organisation=organisation,
        ajoute_par=par,
    )
    proposer_deports(membre)
    return membre


def proposer_deports(membre: MembreComite) -> int:
    """Les déports automatiques d'un membre lié à une collectivité (idempotent)."""
    c = membre.collectivite_id
    if c is None:
        return 0
    tour = membre.tour
    lies = Q(propositions__collectivite_id=c) | Q(propositions__jonctions__collectivite_id=c)
    groupes = set(
        BesoinConsolide.objects.filter(tour=tour).filter(lies).values_list("pk", flat=True)
    ) | set(
        Soutien.objects.filter(tour=tour, collectivite_id=c, groupe__isnull=False).values_list(
            "groupe_id", flat=True
        )
    )
    seules = Proposition.objects.votables(tour)
    props = set(
        seules.filter(Q(collectivite_id=c) | Q(jonctions__collectivite_id=c)).values_list(
            "pk", flat=True
        )
    ) | set(
        Soutien.objects.filter(tour=tour, collectivite_id=c, proposition__in=seules).values_list(
            "proposition_id", flat=True
        )
    )
    motif = f"{membre.collectivite} est autrice, jointe ou soutien de ce besoin."
    deja_g = set(membre.deports.exclude(groupe=None).values_list("groupe_id", flat=True))
    deja_p = set(membre.deports.exclude(proposition=None).values_list("proposition_id", flat=True))
    nouveaux = [
        Deport(membre=membre, groupe_id=g, automatique=True, motif=motif) for g in groupes - deja_g
    ] + [
        Deport(membre=membre, proposition_id=p, automatique=True, motif=motif)
        for p in props - deja_p
    ]
    Deport.objects.bulk_create(nouveaux)
    return len(nouveaux)


def membre_de(tour, personne) -> MembreComite | None:
    if not personne.is_authenticated:
        return None
    return MembreComite.objects.filter(tour=tour, personne=personne).first()


def est_deporte(membre: MembreComite, cible: Cible) -> bool:
    return Deport.objects.filter(membre=membre, **cible.filtre()).exists()


@transaction.atomic
def declarer_conflit(*, tour, cible: Cible, par, motif: str) -> Deport:
    """Un membre se déporte lui-même sur un besoin, avec un motif."""
    membre = membre_de(tour, par)
    if membre is None:
        raise PermissionDenied("Seuls les membres du comité déclarent un conflit d'intérêts.")
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Dites en quoi vous avez un intérêt à ce besoin."})
    deport, _ = Deport.objects.get_or_create(
        membre=membre, **cible.filtre(), defaults={"motif": motif}
    )
    Avis.objects.filter(membre=membre, **cible.filtre()).delete()
    return deport


# --- Avis et décisions -------------------------------------------------------------------------


@transaction.atomic
def donner_avis(*, tour, cible: Cible, par, sens: str, texte: str = "") -> Avis:
    """Un membre non déporté donne (ou change) son avis. Déporté : refus (403)."""
    membre = membre_de(tour, par)
    if membre is None:
        raise PermissionDenied("Seuls les membres du comité donnent un avis.")
    if est_deporte(membre, cible):
        raise PermissionDenied(
            "Vous êtes déporté sur ce besoin (conflit d'intérêts) : vous le voyez, mais vous ne "
            "donnez pas d'avis."
        )
    _exiger_vote_clos(tour)
    avis, _ = Avis.objects.update_or_create(
        membre=membre, **cible.filtre(), defaults={"sens": sens, "texte": texte.strip()}
    )
    return avis


def _porteuse(cible: Cible) -> Collectivite:
    """La collectivité bénéficiaire de l'engagement : la première autrice, sinon la première
    jointe, sinon la première qui a soutenu."""
    props = _propositions_de(cible).exclude(collectivite=None).order_by("deposee_le", "pk")
    p = props.select_related("collectivite").first()
    if p is not None:
        return p.collectivite
    j = Jonction.objects.filter(proposition__in=_propositions_de(cible)).order_by("pk").first()
    if j is not None:
        return j.collectivite
    s = Soutien.objects.filter(**cible.filtre()).select_related("collectivite").first()
    if s is not None:
        return s.collectivite
    raise ValidationError("Aucune collectivité n'est liée à ce besoin : rien à engager.")


@transaction.atomic
def decider(
    *, tour, cible: Cible, issue: str, motivation: str, par, voie: str = "", montant=None
) -> DecisionComite:
    """La décision du comité sur un besoin, une seule. Retenu : une voie, un montant engagé sur
    l'enveloppe du tour (ou de l'axe 1) par le socle, sous son verrou — jamais au-delà."""
    _exiger_anct(par)
    _exiger_vote_clos(tour)
    verrouiller(cible.objet)  # deux décisions sur le même besoin passent l'une après l'autre
    if DecisionComite.objects.filter(**cible.filtre()).exists():
        raise ValidationError("Le comité a déjà décidé de ce besoin.")
    motivation = (motivation or "").strip()
    erreurs = {}
    if not motivation:
        erreurs["motivation"] = ["Une décision du comité est motivée : écrivez la motivation."]
    engagement = None
    if issue == IssueSelection.RETENU:
        if voie not in Voie.values:
            erreurs["voie"] = ["Un besoin retenu suit l'une des trois voies : choisissez-la."]
        if montant is None or Decimal(montant) <= 0:
            erreurs["montant"] = ["Indiquez le montant engagé sur l'enveloppe (plus de 0 €)."]
    elif issue == IssueSelection.NON_RETENU:
        voie = ""
    else:
        erreurs["issue"] = ["Choisissez : retenu ou non retenu."]
    if erreurs:
        raise ValidationError(erreurs)
    if issue == IssueSelection.RETENU:
        from ..subventions import subventionner

        engagement = subventionner(
            tour=tour,
            beneficiaire=_porteuse(cible),
            titre=cible.titre,
            description=f"Besoin retenu par le comité de sélection du tour « {tour.nom} » : "
            f"{Voie(voie).label.lower()}.",
            montant=montant,
            motivation=motivation,
            par=par,
        ).engagement
    try:
        with transaction.atomic():
            decision = DecisionComite.objects.create(
                tour=tour,
                **cible.filtre(),
                issue=issue,
                voie=voie,
                engagement=engagement,
                motivation=motivation,
                par=par,
            )
    except IntegrityError as exc:
        raise ValidationError("Le comité a déjà décidé de ce besoin.") from exc
    if engagement is not None:
        from .suivi import naitre

        naitre(decision, cible)
    _notifier_decision(tour, cible, decision)
    return decision


def _notifier_decision(tour, cible: Cible, decision: DecisionComite) -> None:
    props = _propositions_de(cible)
    collectivites = collectivites_liees(cible)
    personnes = list(User.objects.filter(pk__in=props.values("auteur_id")))
    for c in collectivites:
        personnes += list(User.objects.membres_verifies_de(c))
    texte = f"« {cible.titre} » : {decision.get_issue_display().lower()}"
    if decision.engagement_id:
        texte += f" ({decision.get_voie_display().lower()}, {en_euros(decision.montant)})"
    notifier(
        destinataires=personnes,
        cle=f"consultation:{cible.uuid}:selection",
        titre=f"Comité de sélection : {decision.get_issue_display().lower()}",
        texte=f"{texte}. Motivation : {decision.motivation}",
        lien=reverse("consultation:selection_cible", args=[tour.slug, cible.uuid]),
    )


# --- Séance et procès-verbal -------------------------------------------------------------------


def seance(tour) -> dict:
    """Le classement avec les décisions et le total courant face à l'enveloppe (quatre
    requêtes, quel que soit le nombre de besoins)."""
    liste = cibles(tour)
    decisions = {
        (d.groupe_id, d.proposition_id): d
        for d in DecisionComite.objects.filter(tour=tour).select_related("engagement")
    }
    enveloppe = enveloppe_de(tour)
    total = Decimal("0")
    lignes = []
    for c in liste:
        d = decisions.get(c.cle)
        if d is not None and d.engagement_id:
            total += d.engagement.montant
        lignes.append({"cible": c, "decision": d, "total": total})
    return {
        "lignes": lignes,
        "enveloppe": enveloppe,
        "total": total,
        "retenus": sum(1 for d in decisions.values() if d.issue == IssueSelection.RETENU),
    }


def rendre_proces_verbal(tour) -> bytes:
    from weasyprint import HTML

    membres = list(
        MembreComite.objects.filter(tour=tour).select_related("personne", "collectivite")
    )
    deports = list(
        Deport.objects.filter(membre__tour=tour).select_related(
            "membre__personne", "groupe", "proposition"
        )
    )
    decisions = list(
        DecisionComite.objects.filter(tour=tour).select_related(
            "groupe", "proposition", "engagement"
        )
    )
    html = render_to_string(
        "consultation/selection/proces_verbal.html",
        {
            "tour": tour,
            "presents": [m for m in membres if m.present],
            "absents": [m for m in membres if not m.present],
            "deports": deports,
            "decisions": decisions,
            "enveloppe": enveloppe_de(tour),
            "total": sum((d.montant or 0 for d in decisions), Decimal("0")),
            "date": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
