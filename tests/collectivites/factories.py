import factory

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.collectivites.recherche import normaliser


def _code(prefixe: str, n: int) -> str:
    """Code de 3 caractères au plus (le champ en a 3) : préfixe + 2 chiffres en base 36."""
    chiffres = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    n %= 36 * 36
    return f"{prefixe}{chiffres[n // 36]}{chiffres[n % 36]}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: _code("R", n))
    nom = factory.Sequence(lambda n: f"Région {n}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: _code("D", n))
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
