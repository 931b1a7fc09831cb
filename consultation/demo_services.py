"""Démonstration : ce que le comité du tour 2021 a retenu, comme en 2021 à petite échelle.

- « Prise de rendez-vous en ligne » est devenu RDV Solidarités (le cas de référence : un service
  co-construit avec des départements, chacun nommant des maisons des solidarités pilotes),
  déployé et pérennisé sous la gouvernance des collectivités, livré au Territoires Store ; la
  Côte-d'Or, la Saône-et-Loire et le Doubs en sont territoires référents ; Lyon a demandé à le
  rejoindre.
- « Outils collaboratifs des élus » se construit à l'Incubateur des Territoires : la Côte-d'Or
  en est référente, un jalon est atteint, un autre prévu, et l'ANCT consulte ses référents.
- « Gestion des cimetières » n'est pas retenu.
Les décisions passent par les services du comité (montants engagés sur l'enveloppe de l'axe 1).
Le besoin le plus soutenu reste à décider : c'est le parcours de démonstration du comité.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from fonds.collectivites.enums import Nature

from .models import BesoinConsolide, Interet, Tour
from .services import referents, suivi
from .services import selection as comite

DEBUT_2021 = datetime.date(2021, 5, 3)


def services_2021(tour: Tour, _c, _u) -> None:
    anct = _u("anct@demo.fonds.gouv.fr")
    cotedor = _c(Nature.DEPARTEMENT, "21")

    def decider(titre, **decision):
        """La décision, datée du comité du 3 mai 2021."""
        groupe = BesoinConsolide.objects.get(tour=tour, titre=titre)
        d = comite.decider(
            tour=tour, cible=comite.cible_de(tour, groupe.uuid), par=anct, **decision
        )
        d.le = timezone.make_aware(datetime.datetime.combine(DEBUT_2021, datetime.time(15)))
        d.save(update_fields=["le"])
        return d

    rdv = decider(
        "Prise de rendez-vous en ligne",
        issue="retenu",
        voie="deployer",
        montant=Decimal("290000"),
        motivation="Un service public numérique qui a fait ses preuves dans plusieurs "
        "départements : le déployer partout où les collectivités le demandent.",
    ).service
    suivi.modifier_fiche(
        service=rdv,
        par=anct,
        nom="RDV Solidarités",
        description="La prise de rendez-vous en ligne pour les services sociaux des "
        "départements : les usagers réservent, les agents gèrent leurs agendas et les "
        "rappels par SMS réduisent les rendez-vous manqués.",
        pour_qui="Les départements et leurs maisons des solidarités, les CCAS.",
        licence="AGPL-3.0",
        code_source="https://github.com/betagouv/rdv-service-public",
        adresse="https://www.rdv-solidarites.fr",
        gouvernance="gip",
    )
    referents.se_porter_volontaire(
        service=rdv,
        collectivite=cotedor,
        role="referent",
        sites_pilotes="Maisons des solidarités de Beaune et de Montbard",
        par=_u("numerique@cotedor.demo.fr"),
    )
    # Les référents historiques sans compte dans la démonstration : consignés par l'ANCT.
    for code, sites in (("71", ""), ("25", "Maison des solidarités de Besançon-Planoise")):
        Interet.objects.create(
            service=rdv,
            collectivite=_c(Nature.DEPARTEMENT, code),
            role="referent",
            sites_pilotes=sites,
            par=anct,
        )
    suivi.ajouter_jalon(
        service=rdv,
        titre="Premiers départements en service",
        echeance=DEBUT_2021 + datetime.timedelta(days=120),
        statut="atteint",
        par=anct,
    )
    suivi.livrer(service=rdv, par=anct, le=DEBUT_2021 + datetime.timedelta(days=300))
    lyon = _c(Nature.COMMUNE, "69123")
    referents.adherer(service=rdv, collectivite=lyon, par=_u("mairie@lyon.demo.fr"))

    elus = decider(
        "Outils collaboratifs des élus",
        issue="retenu",
        voie="construire",
        montant=Decimal("150000"),
        motivation="Un besoin partagé par les petites communes, sans outil libre qui y réponde.",
    ).service
    suivi.modifier_fiche(service=elus, par=anct, gouvernance="a_definir", etude_juridique=True)
    referents.se_porter_volontaire(
        service=elus,
        collectivite=cotedor,
        role="referent",
        temps_equipe="Une cheffe de projet numérique à mi-temps",
        par=_u("numerique@cotedor.demo.fr"),
    )
    aujourdhui = timezone.localdate()
    suivi.ajouter_jalon(
        service=elus,
        titre="Enquête auprès des élus",
        echeance=DEBUT_2021 + datetime.timedelta(days=60),
        statut="atteint",
        par=anct,
    )
    suivi.ajouter_jalon(
        service=elus,
        titre="Première version ouverte aux référents",
        echeance=aujourdhui + datetime.timedelta(days=90),
        statut="en_cours",
        par=anct,
    )
    suivi.ouvrir_question(
        service=elus,
        texte="Quels outils vos élus utilisent-ils aujourd'hui pour préparer les conseils ?",
        echeance=aujourdhui + datetime.timedelta(days=30),
        par=anct,
    )
    decider(
        "Gestion des cimetières",
        issue="non_retenu",
        motivation="Des solutions libres existent déjà : le besoin relève du déploiement local.",
    )
