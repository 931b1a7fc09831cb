import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from fonds.comptes.enums import Role
from fonds.dossiers.enums import Axe, Etat
from fonds.dossiers.models import Dossier, Guichet
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class GuichetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guichet

    nom = factory.Sequence(lambda n: f"Guichet {n}")
    slug = factory.Sequence(lambda n: f"guichet-{n}")
    axe = Axe.AXE_3
    ouverture = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    cloture = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    role_instructeur = Role.INSTRUCTEUR
    departement = factory.SubFactory(DepartementFactory)


class DossierFactory(factory.django.DjangoModelFactory):
    """Un brouillon complet (hors pièces), prêt à déposer."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    guichet = factory.SubFactory(GuichetFactory)
    collectivite = factory.SubFactory(
        CollectiviteFactory, departement=factory.SelfAttribute("..guichet.departement")
    )
    cree_par = factory.SubFactory(UserFactory)
    titre = factory.Sequence(lambda n: f"Projet numérique {n}")
    description = "Dématérialiser les démarches de la mairie."
    montant_demande = Decimal("12500.00")
    cout_eligible = Decimal("25000.00")

    @factory.post_generation
    def indexer(obj, create, extracted, **kwargs):
        # Ce que font les services à chaque enregistrement (PostgreSQL).
        if create:
            Dossier.objects.filter(pk=obj.pk).indexer_recherche()

    class Params:
        depose = factory.Trait(etat=Etat.DEPOSE, depose_le=factory.LazyFunction(timezone.now))
        en_instruction = factory.Trait(
            etat=Etat.EN_INSTRUCTION, depose_le=factory.LazyFunction(timezone.now)
        )
