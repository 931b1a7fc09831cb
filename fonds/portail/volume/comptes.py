"""Volume national : agents (préfectures, DINUM, ANCT, administration) et membres vérifiés des
collectivités actives. Contribution de `fonds.comptes` (son `AppConfig`)."""

from collections import defaultdict

from django.contrib.auth.hashers import make_password

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes.enums import Fonction, ModeValidation, Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation, User

from .commun import DOMAINE, LOT, Volume, _effacer


def _utilisateurs(v: Volume, prefixes: list[str], **extra) -> list[User]:
    from allauth.account.models import EmailAddress

    users = User.objects.bulk_create(
        [
            User(
                email=f"{p}{DOMAINE}",
                password=make_password(None),
                first_name=p.split("-")[0].capitalize(),
                last_name=p,
                **extra,
            )
            for p in prefixes
        ],
        batch_size=LOT,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=LOT,
    )
    return users


def comptes(v: Volume) -> None:
    """Agents (un instructeur par préfecture de département et de région, DINUM, ANCT, un
    administrateur) et membres vérifiés des collectivités : une ou deux personnes par
    collectivité active, plus des élus qui siègent aussi dans leur EPCI."""
    from fonds.financement.services import initialiser_fonds

    (v.admin,) = _utilisateurs(v, ["administrateur"], is_staff=True)
    Habilitation.objects.create(user=v.admin, role=Role.ADMINISTRATEUR)
    # Le fonds et ses axes existent avant tout agent : personne à notifier.
    initialiser_fonds(par=v.admin)

    departements = list(Departement.objects.order_by("code"))
    regions = list(Region.objects.order_by("code"))
    agents = _utilisateurs(
        v,
        [f"prefecture-{d.code.lower()}" for d in departements]
        + [f"prefecture-region-{r.code.lower()}" for r in regions]
        + ["dinum-1", "dinum-2", "dinum-3", "anct-1", "anct-2"],
    )
    v.instructeur_dep = {d.pk: u for d, u in zip(departements, agents, strict=False)}
    reste = agents[len(departements) :]
    v.instructeur_reg = {r.pk: u for r, u in zip(regions, reste, strict=False)}
    v.dinum, v.anct = reste[len(regions) : len(regions) + 3], reste[len(regions) + 3 :]
    habilitations = (
        [
            Habilitation(user=u, role=Role.INSTRUCTEUR, departement_id=d, creee_par=v.admin)
            for d, u in v.instructeur_dep.items()
        ]
        + [
            Habilitation(user=u, role=Role.INSTRUCTEUR, region_id=r, creee_par=v.admin)
            for r, u in v.instructeur_reg.items()
        ]
        + [Habilitation(user=u, role=Role.DINUM, creee_par=v.admin) for u in v.dinum]
        + [Habilitation(user=u, role=Role.ANCT, creee_par=v.admin) for u in v.anct]
    )
    Habilitation.objects.bulk_create(habilitations)
    Habilitation.history.bulk_history_create(habilitations, default_user=v.admin)

    # Les collectivités actives : toutes les régions et départements, des EPCI et des
    # communes tirés au hasard dans le registre, en proportion de leur nombre.
    registre = list(
        Collectivite.objects.actives()
        .filter(nature__in=[Nature.COMMUNE, Nature.EPCI, Nature.DEPARTEMENT, Nature.REGION])
        .values_list("pk", "nature", "departement_id", "region_id", "population")
        .order_by("pk")
    )
    grandes = [c for c in registre if c[1] in (Nature.DEPARTEMENT, Nature.REGION)]
    petites = [c for c in registre if c[1] in (Nature.COMMUNE, Nature.EPCI)]
    cible = max(1, v.nombre("collectivites_actives") - len(grandes))
    v.actives = grandes + v.hasard.sample(petites, min(cible, len(petites)))
    # Au moins une collectivité active par département, pour que chaque guichet vive.
    couverts = {c[2] for c in v.actives}
    for c in petites:
        if c[2] and c[2] not in couverts:
            v.actives.append(c)
            couverts.add(c[2])

    prefixes, cibles = [], []
    for i, c in enumerate(v.actives):
        for n in range(2 if v.hasard.random() < 0.3 else 1):
            prefixes.append(f"membre-{i}-{n}")
            cibles.append(c)
    membres = _utilisateurs(v, prefixes)
    epci_par_dep = defaultdict(list)
    for c in v.actives:
        if c[1] == Nature.EPCI and c[2]:
            epci_par_dep[c[2]].append(c[0])
    adhesions = []
    for user, c in zip(membres, cibles, strict=True):
        elu = v.hasard.random() < 0.35
        adhesions.append((user, c[0], Fonction.ELU if elu else Fonction.AGENT))
        v.membres[c[0]].append(user)
        # Un élu municipal siège aussi à son EPCI.
        if elu and c[1] == Nature.COMMUNE and epci_par_dep.get(c[2]):
            epci = v.hasard.choice(epci_par_dep[c[2]])
            adhesions.append((user, epci, Fonction.ELU))
    objets = Adhesion.objects.bulk_create(
        [
            Adhesion(
                user=u,
                collectivite_id=c,
                fonction=f,
                statut=StatutAdhesion.VALIDEE,
                mode_validation=ModeValidation.PREFECTURE,
                decidee_le=v.maintenant,
                decidee_par=v.admin,
            )
            for u, c, f in adhesions
        ],
        batch_size=LOT,
    )
    Adhesion.history.bulk_history_create(
        objets, default_user=v.admin, default_change_reason="Adhésion validée", batch_size=LOT
    )


def effacer(comptes) -> None:
    _effacer(Adhesion, Adhesion.objects.filter(user__in=comptes))
    _effacer(Habilitation, Habilitation.objects.filter(user__in=comptes))
    comptes.delete()
