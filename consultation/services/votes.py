"""Le vote : un bulletin par collectivité et par tour, rempli par l'un de ses membres vérifiés,
modifiable jusqu'à la fin du vote ; l'historique dit qui l'a changé.

Sous concurrence (deux membres d'une même collectivité envoient ensemble) : le tour est lu
sous un verrou partagé (`FOR KEY SHARE` sur PostgreSQL : les votes ne s'attendent pas entre
eux, mais un changement du calendrier attend qu'ils finissent, et eux qu'il finisse), puis le
bulletin est créé s'il manque (`ON CONFLICT DO NOTHING`) et verrouillé : les deux envois
passent l'un après l'autre, le second remplace le premier, la limite est comptée sur le
bulletin verrouillé. La base tient « un soutien par groupe et par collectivité ».
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ..enums import Phase
from ..models import Bulletin, Proposition, Soutien, Tour
from ..perms import peut_voter
from ..resultats import renouveler_apres_validation


def _tour_sous_verrou_partage(tour: Tour) -> Tour:
    if connection.vendor == "postgresql":
        return Tour.objects.raw(
            "SELECT * FROM consultation_tour WHERE id = %s FOR KEY SHARE", [tour.pk]
        )[0]
    return Tour.objects.get(pk=tour.pk)


def region_de(collectivite):
    if collectivite.region_id:
        return collectivite.region_id
    return collectivite.departement.region_id if collectivite.departement_id else None


def voter(*, tour: Tour, collectivite, groupes=(), propositions=(), par) -> Bulletin:
    """Remplace le bulletin de la collectivité par ces soutiens. `groupes` : des besoins
    consolidés du tour ; `propositions` : des propositions gardées et seules (hors groupe)."""
    permis, raison = peut_voter(par, collectivite, tour)
    if not permis:
        raise PermissionDenied(raison)
    groupes = {g.pk: g for g in groupes}
    propositions = {p.pk: p for p in propositions}
    with transaction.atomic():
        tour = _tour_sous_verrou_partage(tour)
        if tour.phase() != Phase.VOTE:
            raise ValidationError(
                "Le vote de ce tour n'est pas ouvert : on soutient seulement pendant la phase "
                "de vote."
            )
        n = len(groupes) + len(propositions)
        if tour.max_soutiens is not None and n > tour.max_soutiens:
            raise ValidationError(
                {
                    "groupes": f"Ce tour permet au plus {tour.max_soutiens} soutien"
                    f"{'s' if tour.max_soutiens > 1 else ''} par collectivité : vous en avez "
                    f"choisi {n}. Retirez-en {n - tour.max_soutiens}."
                }
            )
        _verifier_cibles(tour, groupes, propositions)
        maintenant = timezone.now()
        # Créé s'il manque, mis à jour sinon, en une instruction qui prend le verrou de la
        # ligne jusqu'à la fin de la transaction (INSERT … ON CONFLICT DO UPDATE) : un second
        # envoi de la même collectivité attend ici que le premier soit validé.
        (bulletin,) = Bulletin.objects.bulk_create(
            [
                Bulletin(
                    tour=tour,
                    collectivite=collectivite,
                    modifie_par=par,
                    modifie_le=maintenant,
                    nb_soutiens=n,
                )
            ],
            update_conflicts=True,
            unique_fields=["tour", "collectivite"],
            update_fields=["modifie_par", "modifie_le", "nb_soutiens"],
        )
        existants = set(
            Soutien.objects.filter(bulletin_id=bulletin.pk).values_list(
                "groupe_id", "proposition_id"
            )
        )
        voulus = {(pk, None) for pk in groupes} | {(None, pk) for pk in propositions}
        retires, ajoutes = existants - voulus, voulus - existants
        if retires:
            Soutien.objects.filter(bulletin_id=bulletin.pk).filter(_q_cibles(retires)).delete()
        region = region_de(collectivite)
        Soutien.objects.bulk_create(
            Soutien(
                bulletin_id=bulletin.pk,
                tour=tour,
                collectivite=collectivite,
                groupe_id=g,
                proposition_id=p,
                nature=collectivite.nature,
                population=collectivite.population or 0,
                region_id=region,
                cree_le=maintenant,
            )
            for g, p in ajoutes
        )
        # L'historique : qui a changé le bulletin, et comment.
        Bulletin.history.bulk_history_create(
            [bulletin],
            update=bool(existants),
            default_user=par,
            default_change_reason=f"{n} soutien{'s' if n > 1 else ''} "
            f"(+{len(ajoutes)}, −{len(retires)})",
            default_date=maintenant,
        )
        renouveler_apres_validation(tour.pk)
    return bulletin


def _q_cibles(cibles):
    from django.db.models import Q

    groupes = [g for g, _ in cibles if g]
    propositions = [p for _, p in cibles if p]
    return Q(groupe_id__in=groupes) | Q(proposition_id__in=propositions)


def _verifier_cibles(tour, groupes: dict, propositions: dict) -> None:
    """Chaque groupe est du tour ; chaque proposition est du tour, gardée et seule — relu en
    base (une requête, seulement si une proposition seule est choisie : son issue et son
    groupe changent, le tour d'un groupe jamais)."""
    # Un besoin consolidé ne change jamais de tour : celui que l'appelant a lu suffit.
    if any(g.tour_id != tour.pk for g in groupes.values()):
        raise ValidationError({"groupes": "Un des besoins choisis n'est pas de ce tour."})
    if propositions:
        connues = set(
            Proposition.objects.votables(tour)
            .filter(pk__in=propositions)
            .values_list("pk", flat=True)
        )
        if connues != set(propositions):
            raise ValidationError(
                {
                    "propositions": "Une des propositions choisies n'est plus soutenable seule "
                    "(regroupée, réorientée ou rejetée) : rechargez le bulletin."
                }
            )


def bulletin_de(tour, collectivite):
    if collectivite is None:
        return None
    return Bulletin.objects.filter(tour=tour, collectivite=collectivite).first()
