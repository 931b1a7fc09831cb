"""Le groupement ad hoc : plusieurs collectivités trop petites chacune s'unissent pour un appel.

Le groupement est un groupement du registre (nature « autre structure de mutualisation »,
sans SIREN) dont la population est la somme de celles de ses membres, comme pour tout
groupement créé dans le portail : l'éligibilité reste celle du socle
(`fonds.dossiers.eligibilite`), qui compte ainsi « Groupement ad hoc … : 512 000 habitants
≥ 500 000 » et qui admet le groupement dès qu'un membre couvre un département. La personne qui
le forme agit pour le chef de file (membre vérifié) ; elle devient membre vérifiée du groupement
pour y déposer le projet, et les jurés liés à un membre sont en conflit d'intérêts (le socle
compte les membres d'un groupement parmi les proches)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds import pages_en_cache
from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.collectivites.recherche import normaliser
from fonds.collectivites.services import population_des_membres
from fonds.comptes import perms
from fonds.comptes.enums import ModeValidation, StatutAdhesion
from fonds.comptes.models import Adhesion
from fonds.dossiers.eligibilite import (
    NATURES_DEPARTEMENTALES,
    Eligibilite,
    eligibilite,
    habitants,
)
from fonds.validation import valider

PREFIXE = "Groupement ad hoc"
MEMBRES_MAX = 50


@dataclass(frozen=True)
class Simulation:
    """Le groupement tel qu'il serait : son verdict et le détail de la somme."""

    groupement: Collectivite
    membres: list[Collectivite]
    verdict: Eligibilite
    detail: str


def _nom(nom: str) -> str:
    nom = " ".join((nom or "").split())
    return f"{PREFIXE} « {nom} »"


def _membres(chef_de_file: Collectivite, autres) -> list[Collectivite]:
    membres = [chef_de_file, *(m for m in autres if m.pk != chef_de_file.pk)]
    if len(membres) < 2:
        raise ValidationError(
            {"membres": ["Un groupement réunit au moins deux collectivités : ajoutez-en une."]}
        )
    if len(membres) > MEMBRES_MAX:
        raise ValidationError(
            {"membres": [f"Un groupement ad hoc compte au plus {MEMBRES_MAX} membres."]}
        )
    inactives = [m.nom for m in membres if not m.actif]
    if inactives:
        raise ValidationError(
            {"membres": [f"Ces collectivités n'existent plus : {', '.join(inactives)}."]}
        )
    return membres


def simuler(guichet, *, chef_de_file: Collectivite, autres, nom: str) -> Simulation:
    """Le verdict du socle sur le groupement, sans rien enregistrer, avec la somme en clair
    (« Beaune : 21 000 + Dijon : 160 000 = 181 000 habitants »)."""
    membres = _membres(chef_de_file, autres)
    groupement = Collectivite(
        nature=Nature.AUTRE_GROUPEMENT,
        nom=_nom(nom),
        population=population_des_membres(membres),
    )
    # Couvre un département si l'un de ses membres en couvre un (règle du socle).
    groupement.membre_departemental = any(m.nature in NATURES_DEPARTEMENTALES for m in membres)
    somme = " + ".join(f"{m.nom} : {habitants(m.population or 0)}" for m in membres)
    detail = f"{somme} = {habitants(groupement.population)} habitants"
    return Simulation(groupement, membres, eligibilite(guichet, groupement), detail)


@transaction.atomic
def former(guichet, *, chef_de_file: Collectivite, autres, nom: str, par) -> Collectivite:
    """Enregistre le groupement s'il est éligible à l'appel, et rend `par` membre vérifié du
    groupement (il agit pour le chef de file). Un groupement inéligible n'enregistre rien."""
    perms.exiger(
        perms.peut_agir_pour(par, chef_de_file),
        "Seuls les membres vérifiés du chef de file forment un groupement en son nom.",
    )
    if not (nom or "").strip():
        raise ValidationError({"nom": ["Nommez le groupement."]})
    simulation = simuler(guichet, chef_de_file=chef_de_file, autres=autres, nom=nom)
    if not simulation.verdict.ok:
        raise ValidationError({"membres": simulation.verdict.raisons})
    groupement = simulation.groupement
    groupement.nom_recherche = normaliser(groupement.nom)
    plus_peuple = max(simulation.membres, key=lambda m: m.population or 0)
    groupement.departement_id = plus_peuple.departement_id
    groupement.region_id = plus_peuple.region_id
    valider(groupement)
    groupement.save()
    groupement.membres.set(simulation.membres)
    maintenant = timezone.now()
    adhesion = Adhesion(
        user=par,
        collectivite=groupement,
        statut=StatutAdhesion.VALIDEE,
        mode_validation=ModeValidation.MEMBRE,
        decidee_le=maintenant,
        decidee_par=par,
        motif=f"Chef de file du groupement : {chef_de_file.nom}.",
    )
    adhesion._history_user = par
    valider(adhesion)
    adhesion.save()
    perms.oublier_droits(par)
    transaction.on_commit(lambda: pages_en_cache.renouveler("registre"))
    return groupement
