"""Le petit monde des services retenus, partagé par les tests, la matrice, les budgets et le
fuzz. Un tour en expression d'intérêt (doté de 100 000 €) dont le comité a retenu deux
services : « Un guichet des aides pour tous » (construire, 60 000 €), en développement, dont la
commune A est territoire référent (avec un cofinancement), avec un jalon et une consultation
des référents, sa fiche prête à la livraison, et une « Métropole référente » (600 000
habitants) pour référent aussi, de sorte que les référents candidatent ensemble à l'appel
national ouvert (axe 2, volet 3, vague 7) ; « Carte des équipements sportifs » (ouvrir,
10 000 €), livré au Territoires Store, que la commune B a demandé à rejoindre."""

import datetime
from decimal import Decimal

from django.utils import timezone

from consultation.enums import Phase
from consultation.models import Tour
from consultation.services import referents, suivi
from consultation.services import selection as comite

from .monde import dates
from .monde_selection import tour_en_selection


def retenir(tour, objet, anct, *, voie="construire", montant="60000"):
    decision = comite.decider(
        tour=tour,
        cible=comite.cible_de(tour, objet.uuid),
        issue="retenu",
        voie=voie,
        montant=Decimal(montant),
        motivation="Soutenu par des collectivités de toutes tailles.",
        par=anct,
    )
    return decision.service


def en_phase(tour, phase):
    Tour.objects.filter(pk=tour.pk).update(**dates(phase))
    tour.refresh_from_db()


def _appel_et_metropole(monde, service):
    """L'appel national ouvert, et la métropole référente du service."""
    from fonds.collectivites.enums import Nature
    from guichet_national.services import appels
    from tests.collectivites.factories import CollectiviteFactory
    from tests.comptes.factories import AdhesionFactory
    from tests.guichet_national.monde_appels import ouvrir

    appel = ouvrir(monde.roles["administrateur"], appels.garantir_volets()[2], vague=7)
    metropole = CollectiviteFactory(
        nom="Métropole référente",
        nature=Nature.EPCI,
        population=600_000,
        departement=monde.territoire["dx"],
    )
    membre = AdhesionFactory(collectivite=metropole).user
    referents.se_porter_volontaire(
        service=service, collectivite=metropole, role="referent", par=membre
    )
    return appel, metropole


def construire(monde) -> dict:
    t, r = monde.territoire, monde.roles
    anct = r["anct"]
    tour, groupe, seule, _ = tour_en_selection(r, t, slug="services-preuves")
    service = retenir(tour, groupe, anct)
    livre = retenir(tour, seule, anct, voie="ouvrir", montant="10000")
    en_phase(tour, Phase.INTERET)
    interet_a = referents.se_porter_volontaire(
        service=service,
        collectivite=t["a"],
        role="referent",
        cofinancement=Decimal("5000"),
        temps_equipe="Un chef de projet à mi-temps",
        par=r["membre_a"],
    )
    jalon = suivi.ajouter_jalon(
        service=service,
        titre="Premier prototype",
        echeance=timezone.localdate() + datetime.timedelta(days=60),
        statut="prevu",
        par=anct,
    )
    question = suivi.ouvrir_question(
        service=service, texte="Quels sites pilotes proposez-vous ?", par=anct
    )
    suivi.modifier_fiche(
        service=livre,
        par=anct,
        pour_qui="Les communes et leurs associations sportives.",
        licence="AGPL-3.0",
    )
    suivi.livrer(service=livre, par=anct)
    suivi.modifier_fiche(
        service=service, par=anct, pour_qui="Les habitants et les agents.", licence="EUPL-1.2"
    )
    adhesion_b = referents.adherer(service=livre, collectivite=t["b"], par=r["membre_b"])
    appel, metropole = _appel_et_metropole(monde, service)
    return {
        "appel": appel,
        "metropole": metropole,
        "adhesion_b": adhesion_b,
        "tour": tour,
        "service": service,
        "livre": livre,
        "interet_a": interet_a,
        "jalon": jalon,
        "question": question,
    }


def grossir(monde, n: int) -> None:
    """n services retenus de plus (livrés), chacun avec un référent, un jalon, une demande
    d'adhésion ; sur le premier, n référents de plus, n jalons et n réponses."""
    from consultation.enums import Issue
    from consultation.services import propositions
    from tests.collectivites.factories import CollectiviteFactory
    from tests.comptes.factories import AdhesionFactory

    from .monde import besoin

    m = monde.axes["services"]
    r, t = monde.roles, monde.territoire
    anct, tour = r["anct"], m["tour"]
    en_phase(tour, Phase.SELECTION)
    nouveaux = []
    for i in range(n):
        c = CollectiviteFactory(departement=t["dx"], population=900 * (i + 1))
        membre = AdhesionFactory(collectivite=c).user
        p = besoin(tour, membre, c, titre=f"Service de volume {i}")
        propositions.decider_issue(proposition=p, issue=Issue.GARDEE, par=anct)
        nouveaux.append((c, membre, retenir(tour, p, anct, voie="ouvrir", montant="10")))
    en_phase(tour, Phase.INTERET)
    for i, (c, membre, s) in enumerate(nouveaux):
        referents.se_porter_volontaire(service=s, collectivite=c, role="premier", par=membre)
        referents.se_porter_volontaire(
            service=m["service"], collectivite=c, role="referent", par=membre
        )
        suivi.ajouter_jalon(
            service=m["service"],
            titre=f"Jalon {i}",
            echeance=timezone.localdate(),
            statut="prevu",
            par=anct,
        )
        suivi.modifier_fiche(service=s, par=anct, pour_qui="Toutes les communes", licence="MIT")
        suivi.livrer(service=s, par=anct)
        referents.adherer(service=m["livre"], collectivite=c, par=membre)
        referents.repondre(question=m["question"], collectivite=c, texte=f"Réponse {i}", par=membre)
