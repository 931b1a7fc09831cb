"""Le petit monde du comité de sélection, partagé par les tests, la matrice, les budgets et le
fuzz : un tour en sélection doté de 100 000 € (fille de l'axe 1), un besoin consolidé (A et B
autrices, estimé à 60 000 €) soutenu par A et B, une proposition seule de B soutenue par B,
une proposition seule de A sans soutien ; au comité, le juré (État) et un membre de la
commune A (collectivité), déporté d'office sur le besoin consolidé et la proposition de A ;
la proposition de A est non retenue."""

from decimal import Decimal

from consultation.enums import Issue, Phase
from consultation.models import Tour
from consultation.models.selection import Qualite
from consultation.services import groupes, propositions
from consultation.services import selection as comite
from consultation.services.tours import ouvrir_tour
from consultation.services.votes import voter
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.financement.services import initialiser_fonds

from .monde import besoin, dates


def tour_en_selection(r, t, *, slug="selection-preuves", montant="100000"):
    anct = r["anct"]
    if not Enveloppe.objects.filter(nature=NatureEnveloppe.AXE, axe=Axe.AXE_1).exists():
        initialiser_fonds(par=r["administrateur"])
    tour = ouvrir_tour(
        nom=f"Tour {slug}", slug=slug, dates=dates(Phase.VOTE), par=anct, montant=Decimal(montant)
    )
    v1 = besoin(tour, r["membre_a"], t["a"], titre="Guichet unique des aides locales")
    v2 = besoin(tour, r["membre_b"], t["b"], titre="Guichet des aides aux associations")
    v3 = besoin(tour, r["membre_b"], t["b"], titre="Carte des équipements sportifs")
    v4 = besoin(tour, r["membre_a"], t["a"], titre="Registre des arbres remarquables")
    for p in (v1, v2, v3, v4):
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
    groupe = groupes.regrouper(
        propositions=[v1, v2],
        titre="Un guichet des aides pour tous",
        description="Un guichet commun des aides locales.",
        par=anct,
    )
    groupes.estimer(
        groupe=groupe,
        cout_developpement=Decimal("40000"),
        cout_deploiement=Decimal("20000"),
        par=anct,
    )
    voter(tour=tour, collectivite=t["b"], groupes=[groupe], propositions=[v3], par=r["membre_b"])
    voter(tour=tour, collectivite=t["a"], groupes=[groupe], propositions=[], par=r["membre_a"])
    Tour.objects.filter(pk=tour.pk).update(**dates(Phase.SELECTION))
    tour.refresh_from_db()
    return tour, groupe, v3, v4


def construire(monde) -> dict:
    t, r = monde.territoire, monde.roles
    tour, groupe, seule, seule_a = tour_en_selection(r, t)
    etat = comite.composer(
        tour=tour,
        personne=r["jure"],
        qualite=Qualite.ETAT,
        organisation="Direction interministérielle du numérique",
        par=r["anct"],
    )
    elu_a = comite.composer(
        tour=tour,
        personne=r["membre_a"],
        qualite=Qualite.COLLECTIVITE,
        collectivite=t["a"],
        par=r["anct"],
    )
    comite.decider(
        tour=tour,
        cible=comite.cible_de(tour, seule_a.uuid),
        issue="non_retenu",
        motivation="Un inventaire national existe déjà.",
        par=r["anct"],
    )
    return {
        "tour": tour,
        "groupe": groupe,
        "seule": seule,
        "seule_a": seule_a,
        "etat": etat,
        "elu_a": elu_a,
    }


def grossir(monde, n: int) -> None:
    """n propositions seules de plus devant le comité (n collectivités qui les soutiennent et
    siègent au comité, chacune déportée sur la sienne), n/5 décisions, n avis."""
    from tests.collectivites.factories import CollectiviteFactory
    from tests.comptes.factories import AdhesionFactory

    m = monde.axes["selection"]
    r, t = monde.roles, monde.territoire
    anct, tour = r["anct"], m["tour"]
    Tour.objects.filter(pk=tour.pk).update(**dates(Phase.VOTE))
    tour.refresh_from_db()
    nouvelles = []
    for i in range(n):
        c = CollectiviteFactory(departement=t["dx"], population=800 * (i + 1))
        membre = AdhesionFactory(collectivite=c).user
        p = besoin(tour, membre, c, titre=f"Besoin examiné {i}")
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
        voter(tour=tour, collectivite=c, groupes=[m["groupe"]], propositions=[p], par=membre)
        nouvelles.append((c, membre, p))
    Tour.objects.filter(pk=tour.pk).update(**dates(Phase.SELECTION))
    tour.refresh_from_db()
    for i, (c, membre, p) in enumerate(nouvelles):
        comite.composer(
            tour=tour, personne=membre, qualite=Qualite.COLLECTIVITE, collectivite=c, par=anct
        )
        comite.donner_avis(
            tour=tour, cible=comite.cible_de(tour, m["seule"].uuid), par=membre, sens="favorable"
        )
        if i % 5 == 0:
            comite.decider(
                tour=tour,
                cible=comite.cible_de(tour, p.uuid),
                issue="non_retenu" if i % 2 else "retenu",
                voie="" if i % 2 else "ouvrir",
                montant=None if i % 2 else Decimal("100"),
                motivation=f"Décision de volume {i}",
                par=anct,
            )
