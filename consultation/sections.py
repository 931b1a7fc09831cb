"""La section « Consultation » de Mon espace : pour la collectivité affichée, ses propositions,
les propositions qu'elle a rejointes, son bulletin et ce qu'on attend d'elle dans la phase en
cours du dernier tour. Deux requêtes, quel que soit le volume."""

from django.db.models import OuterRef, Q, Subquery

from fonds.portail import espace

from .enums import Phase
from .models import Bulletin, Jonction, Proposition, Tour
from .models.referents import RoleInteret

ATTENDU = {
    Phase.A_VENIR: "Le prochain tour n'est pas encore ouvert.",
    Phase.RECUEIL: "Proposez vos besoins ou vos services existants, et rejoignez les propositions "
    "des autres collectivités qui répondent aussi aux vôtres.",
    Phase.VOTE: "Remplissez le bulletin de votre collectivité : soutenez les besoins qui "
    "répondent aux vôtres. Vous pouvez le changer jusqu'à la fin du vote.",
    Phase.SELECTION: "Le vote est clos : le comité de sélection choisit à partir des résultats.",
    Phase.INTERET: "Portez-vous candidate comme territoire pilote d'un service retenu.",
    Phase.DEVELOPPEMENT: "Les services retenus sont en développement et en déploiement.",
}


def ma_consultation(e: espace.Espace) -> dict | None:
    c = e.collectivite
    if c is None or e.est_agent:
        return None
    bulletin = Bulletin.objects.filter(tour=OuterRef("pk"), collectivite=c)
    tour = (
        Tour.objects.annotate(
            bulletin_soutiens=Subquery(bulletin.values("nb_soutiens")[:1]),
            bulletin_modifie_le=Subquery(bulletin.values("modifie_le")[:1]),
        )
        .order_by("-recueil_debut")
        .first()
    )
    if tour is None:
        return None
    rejointes = Jonction.objects.filter(collectivite=c).values("proposition_id")
    lignes = list(
        Proposition.objects.filter(Q(collectivite=c) | Q(pk__in=rejointes))
        .select_related("groupe")
        .order_by("-deposee_le")[:20]
    )
    phase = tour.phase()
    return {
        "tour": tour,
        "phase": Phase(phase).label,
        "attendu": ATTENDU[phase],
        "en_recueil": phase == Phase.RECUEIL,
        "en_vote": phase == Phase.VOTE,
        "propositions": [p for p in lignes if p.collectivite_id == c.pk],
        "jonctions": [p for p in lignes if p.collectivite_id != c.pk],
        "collectivite": c,
    }


def mes_services(e: espace.Espace) -> dict | None:
    """Pour la collectivité affichée, en une requête : les services retenus dont elle est
    territoire référent ou premier déployeur (ou dont l'ANCT a décliné sa candidature, avec le
    motif), ceux du Store qu'elle a rejoints, et le nombre de consultations des référents qui
    attendent sa réponse."""
    from django.db.models import Count, Exists

    from .models import AdhesionService, Interet, Question, Reponse, ServiceRetenu

    c = e.collectivite
    if c is None or e.est_agent:
        return None
    interet = Interet.objects.filter(service=OuterRef("pk"), collectivite=c)
    adhesion = AdhesionService.objects.filter(service=OuterRef("pk"), collectivite=c)
    attente = (
        Question.objects.filter(service=OuterRef("pk"))
        .exclude(Exists(Reponse.objects.filter(question=OuterRef("pk"), collectivite=c)))
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    services = list(
        ServiceRetenu.objects.filter(Exists(interet) | Exists(adhesion))
        .annotate(
            role=Subquery(interet.values("role")[:1]),
            decline_le=Subquery(interet.values("decline_le")[:1]),
            motif_declin=Subquery(interet.values("motif_declin")[:1]),
            demande_le=Subquery(adhesion.values("le")[:1]),
            en_service_le=Subquery(adhesion.values("en_service_le")[:1]),
            questions_en_attente=Subquery(attente),
        )
        .order_by("nom", "pk")[:100]
    )
    if not services:
        return None
    for s in services:
        s.libelle_role = dict(RoleInteret.choices).get(s.role, "")
        if s.role != RoleInteret.REFERENT or s.decline_le is not None:
            s.questions_en_attente = 0
    return {
        "collectivite": c,
        "roles": [s for s in services if s.role],
        "rejoints": [s for s in services if s.demande_le],
        "en_attente": [s for s in services if s.questions_en_attente],
    }
