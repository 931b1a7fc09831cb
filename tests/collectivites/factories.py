import factory

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.collectivites.recherche import normaliser


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    nom = factory.Sequence(lambda n: f"Région {n}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"D{n:02d}")
    nom = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    nature = Nature.COMMUNE
    nom = factory.Sequence(lambda n: f"Commune {n}")
    nom_recherche = factory.LazyAttribute(lambda o: normaliser(o.nom))
    code_insee = factory.Sequence(lambda n: f"{n:05d}")
    siren = factory.Sequence(lambda n: f"2{n:08d}")
    population = 1500
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.region if o.departement else None)
