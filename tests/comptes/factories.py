import factory
from allauth.account.models import EmailAddress

from fonds.comptes.enums import Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation, User
from tests.collectivites.factories import CollectiviteFactory


class UserFactory(factory.django.DjangoModelFactory):
    """Une personne dont l'adresse e-mail est vérifiée (elle peut se connecter)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password("mot-de-passe-de-test")

    @factory.post_generation
    def email_verifie(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    user = factory.SubFactory(UserFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    statut = StatutAdhesion.VALIDEE


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habilitation

    user = factory.SubFactory(UserFactory)
    role = Role.ANCT
