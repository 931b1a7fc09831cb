"""Le regroupement par l'ANCT : un besoin consolidé réunit des propositions gardées sans les
détruire ; chaque entrée et chaque sortie est journalisée et les auteurs sont prévenus.
Les doublons probables sont suggérés par similarité de texte (pg_trgm sur PostgreSQL, mots
communs ailleurs) ; une personne décide."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from fonds.comptes import perms as socle
from fonds.notifications.services import notifier
from fonds.verrous import verrouiller, verrouiller_tous

from .. import perms
from ..enums import Issue, SortieGroupe
from ..models import BesoinConsolide, MouvementGroupe, Proposition
from ..resultats import renouveler_apres_validation
from .propositions import destinataires

#: Seuil de similarité (trigrammes) d'une suggestion.
SEUIL = 0.3
SUGGESTIONS = 8


def _exiger_anct(par) -> None:
    socle.exiger(perms.anime_la_consultation(par), "Seule l'ANCT regroupe les propositions.")


@transaction.atomic
def regrouper(*, propositions, par, groupe=None, titre="", description="") -> BesoinConsolide:
    """Met les propositions dans `groupe`, ou dans un besoin consolidé nouveau (titre et
    description). Une proposition qui était dans un autre groupe en sort (journalisé)."""
    _exiger_anct(par)
    propositions = list(propositions)
    if not propositions:
        raise ValidationError({"propositions": "Choisissez au moins une proposition."})
    verrouilles = verrouiller_tous(*propositions)
    tours = {p.tour_id for p in verrouilles.values()}
    if groupe is not None:
        verrouiller(groupe)
        tours.add(groupe.tour_id)
    if len(tours) > 1:
        raise ValidationError(
            "On ne regroupe que des propositions d'un même tour : celles-ci viennent de tours "
            "différents."
        )
    pas_gardees = [p.titre for p in verrouilles.values() if p.issue != Issue.GARDEE]
    if pas_gardees:
        raise ValidationError(
            "Seules les propositions gardées pour le vote se regroupent : "
            + ", ".join(f"« {t} »" for t in pas_gardees)
            + "."
        )
    if groupe is None:
        erreurs = {}
        if not titre.strip():
            erreurs["titre"] = ["Donnez un titre au besoin consolidé."]
        if not description.strip():
            erreurs["description"] = ["Décrivez le besoin consolidé."]
        if erreurs:
            raise ValidationError(erreurs)
        groupe = BesoinConsolide(
            tour_id=tours.pop(), titre=titre.strip(), description=description.strip(), cree_par=par
        )
        groupe._history_user = par
        groupe._change_reason = "Création du besoin consolidé"
        groupe.save()
    mouvements = []
    for p in verrouilles.values():
        if p.groupe_id == groupe.pk:
            continue
        if p.groupe_id:
            mouvements.append(
                MouvementGroupe(
                    proposition=p, groupe_id=p.groupe_id, sens=SortieGroupe.SORTIE, par=par
                )
            )
        mouvements.append(
            MouvementGroupe(proposition=p, groupe=groupe, sens=SortieGroupe.ENTREE, par=par)
        )
        p.groupe = groupe
        p._history_user = par
        p._change_reason = f"Regroupée dans « {groupe.titre} »"[:100]
        p.save(update_fields=["groupe"])
        notifier(
            destinataires=destinataires(p),
            cle=f"consultation:{p.uuid}:groupe:{groupe.uuid}",
            titre="Consultation : votre proposition est regroupée",
            texte=f"« {p.titre} » rejoint le besoin consolidé « {groupe.titre} », que les "
            "collectivités soutiendront au vote. Votre proposition reste visible telle quelle.",
            lien=reverse("consultation:groupe", args=[groupe.uuid]),
        )
    MouvementGroupe.objects.bulk_create(mouvements)
    renouveler_apres_validation(groupe.tour_id)
    return groupe


@transaction.atomic
def degrouper(*, proposition, par) -> Proposition:
    """Retire la proposition de son groupe : elle redevient seule (soutenable seule au vote)."""
    _exiger_anct(par)
    verrouiller(proposition)
    if proposition.groupe_id is None:
        raise ValidationError("Cette proposition n'est dans aucun besoin consolidé.")
    MouvementGroupe.objects.create(
        proposition=proposition, groupe_id=proposition.groupe_id, sens=SortieGroupe.SORTIE, par=par
    )
    proposition.groupe = None
    proposition._history_user = par
    proposition._change_reason = "Retirée de son besoin consolidé"
    proposition.save(update_fields=["groupe"])
    renouveler_apres_validation(proposition.tour_id)
    return proposition


@transaction.atomic
def estimer(*, groupe, par, cout_developpement, cout_deploiement) -> BesoinConsolide:
    _exiger_anct(par)
    verrouiller(groupe)
    groupe.cout_developpement = cout_developpement
    groupe.cout_deploiement = cout_deploiement
    groupe.full_clean(exclude=["tour", "cree_par"])
    groupe._history_user = par
    groupe._change_reason = "Estimation des coûts"
    groupe.save()
    renouveler_apres_validation(groupe.tour_id)
    return groupe


def _mots(texte: str) -> set[str]:
    sans_accents = unicodedata.normalize("NFKD", texte.lower()).encode("ascii", "ignore").decode()
    return {m for m in re.findall(r"[a-z0-9]+", sans_accents) if len(m) > 3}


def suggestions(proposition, *, limite: int = SUGGESTIONS) -> list[Proposition]:
    """Les doublons probables de `proposition` dans son tour (gardées, autres qu'elle), les plus
    proches d'abord, chacune avec `similarite` (0 à 1). Une requête."""
    candidates = (
        Proposition.objects.filter(tour_id=proposition.tour_id, issue=Issue.GARDEE)
        .exclude(pk=proposition.pk)
        .select_related("collectivite", "groupe")
    )
    if connection.vendor == "postgresql":
        # Les plus proches voisins par distance de trigrammes (`<->`), lus dans l'ordre de
        # l'index GiST ; seuls ceux au-dessus du seuil sont suggérés.
        proches = list(
            candidates.extra(
                select={"distance": "consultation_proposition.titre <-> %s"},
                select_params=[proposition.titre],
            ).order_by("distance")[:limite]
        )
        for p in proches:
            p.similarite = 1 - p.distance
        return [p for p in proches if p.similarite >= SEUIL]
    mots = _mots(proposition.titre)
    if not mots:
        return []
    resultat = []
    for p in candidates[:2000]:
        autres = _mots(p.titre)
        score = len(mots & autres) / len(mots | autres) if autres else 0
        if score >= SEUIL:
            p.similarite = score
            resultat.append(p)
    resultat.sort(key=lambda p: (-p.similarite, p.pk))
    return resultat[:limite]
