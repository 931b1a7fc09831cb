"""Les droits d'une personne lus avec elle, en une seule instruction SQL.

`User.objects.avec_droits()` ajoute à chaque personne quelques sous-requêtes corrélées qui
rendent chacune une liste en texte (« 12:validee,15:en_attente ») : adhésions, habilitations
actives, départements des régions habilitées, conflits d'intérêts, second facteur activé.
`lire_droits(user)` en fait un `perms.Droits`. PostgreSQL (`STRING_AGG`) et SQLite
(`GROUP_CONCAT`) : la même requête, sans jointure qui multiplie les lignes.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from .enums import Role, StatutAdhesion

SEPARATEUR = ","
# Les attributs que `User.objects.avec_droits()` pose sur chaque personne.
ATTRIBUTS = (
    "_droits_adhesions",
    "_droits_habilitations",
    "_droits_departements_des_regions",
    "_droits_conflits",
    "_a_totp",
)


class ListeTexte(models.Func):
    """Les valeurs d'une colonne jointes en un texte. Une fonction, pas un agrégat : dans une
    sous-requête sans GROUP BY, elle rend une seule ligne."""

    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template=f"%(function)s(%(expressions)s, '{SEPARATEUR}')",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template=f"%(function)s((%(expressions)s)::text, '{SEPARATEUR}')",
            **extra,
        )


def _texte(champ: str):
    return Coalesce(Cast(champ, models.CharField()), Value(""))


def _liste(queryset, *champs: str) -> Subquery:
    valeur = (
        _texte(champs[0])
        if len(champs) == 1
        else Concat(
            *(
                part
                for i, champ in enumerate(champs)
                for part in ((Value(":"),) if i else ()) + (_texte(champ),)
            ),
            output_field=models.CharField(),
        )
    )
    return Subquery(
        queryset.order_by().annotate(_l=ListeTexte(valeur)).values("_l"),
        output_field=models.TextField(),
    )


def annotations_des_droits() -> dict:
    from allauth.mfa.models import Authenticator

    from fonds.collectivites.models import Departement

    from .models import Adhesion, ConflitInteret, Habilitation

    actives = Habilitation.objects.filter(user=OuterRef("pk"), active=True)
    return {
        "_droits_adhesions": _liste(
            Adhesion.objects.filter(
                user=OuterRef("pk"),
                statut__in=[StatutAdhesion.VALIDEE, StatutAdhesion.EN_ATTENTE],
            ),
            "collectivite_id",
            "statut",
        ),
        "_droits_habilitations": _liste(
            actives, "role", "region_id", "departement_id", "guichet_id"
        ),
        # Une préfecture de région couvre aussi les départements de sa région.
        "_droits_departements_des_regions": _liste(
            Departement.objects.filter(
                region_id__in=Habilitation.objects.filter(
                    user=OuterRef(OuterRef("pk")),
                    active=True,
                    guichet__isnull=True,
                    region__isnull=False,
                ).values("region_id")
            ),
            "id",
        ),
        "_droits_conflits": _liste(
            ConflitInteret.objects.filter(user=OuterRef("pk")), "collectivite_id"
        ),
        "_a_totp": Exists(
            Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        ),
    }


def _entrees(texte: str | None) -> list[list[str]]:
    return [entree.split(":") for entree in (texte or "").split(SEPARATEUR) if entree]


def lire_droits(user):
    """Les `Droits` d'une personne chargée par `User.objects.avec_droits()`."""
    from .perms import Droits

    membres, en_attente = set(), set()
    for collectivite_id, statut in _entrees(user._droits_adhesions):
        (membres if statut == StatutAdhesion.VALIDEE else en_attente).add(int(collectivite_id))
    roles, roles_limites, regions, departements, guichets = set(), set(), set(), set(), set()
    for role, region_id, departement_id, guichet_id in _entrees(user._droits_habilitations):
        if guichet_id:
            # Limitée à un guichet : le rôle n'ouvre que ce guichet, rien de son périmètre.
            roles_limites.add(role)
            guichets.add(int(guichet_id))
            continue
        roles.add(role)
        if region_id:
            regions.add(int(region_id))
        if departement_id:
            departements.add(int(departement_id))
    departements |= {int(d) for (d,) in _entrees(user._droits_departements_des_regions)}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATEUR)
    return Droits(
        collectivites=frozenset(membres),
        collectivites_en_attente=frozenset(en_attente),
        roles=frozenset(roles),
        regions=frozenset(regions),
        departements=frozenset(departements),
        roles_limites=frozenset(roles_limites - roles),
        guichets=frozenset(guichets),
        conflits=frozenset(int(c) for (c,) in _entrees(user._droits_conflits)),
    )


def est_charge(user) -> bool:
    return hasattr(user, ATTRIBUTS[0])
