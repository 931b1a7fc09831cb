"""Les subventions en données ouvertes, ligne à ligne, au schéma national des subventions
(SCDL « subventions » 2.0, schema.data.gouv.fr `scdl/subventions`), en CSV et en JSON.

Choix de correspondance, faute d'une donnée plus précise dans le portail :
- `nomAttribuant`, `idAttribuant` : l'autorité qui décide selon l'axe (ANCT, DINUM, préfecture)
  et son SIRET, lus dans le réglage `SCDL_ATTRIBUANTS` (axe → (nom, SIRET)) ; sans réglage, le
  nom par défaut ci-dessous et 14 zéros, à renseigner en production.
- `idBeneficiaire` : le portail ne connaît que le SIREN d'une collectivité, pas le SIRET de son
  siège ; on publie le SIREN suivi du NIC « 00000 » (les 9 premiers chiffres, que lisent les
  réutilisateurs pour rapprocher, sont justes ; le NIC est visiblement inconnu). Sans SIREN,
  14 zéros.
- `dateConvention` : la date du contreseing de la convention en vigueur ; avant, la date de la
  décision (création de la subvention).
- `referenceDecision` : l'identifiant du dossier accepté (ou de la subvention exceptionnelle).
- `conditionsVersement` : « unique » pour un seul versement qui solde, sinon « échelonné » (avance,
  acomptes, solde) ; `datesPeriodeVersement` : du premier au dernier versement, ou la période
  prévue (décision → décision + durée) tant que rien n'est versé.
- `pourcentageSubvention` : au sens du SCDL, la part du bénéficiaire dans la subvention (1,00 :
  un seul bénéficiaire), pas le taux de financement du projet.
- Les subventions annulées ne sont pas publiées (elles n'ont jamais été attribuées au sens
  d'une convention) ; les déchues le sont, avec leur montant attribué.
"""

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.http import StreamingHttpResponse

from fonds import exports

from .enums import Axe, StatutSubvention
from .models import Convention, Subvention, Versement

CHAMPS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
]
SIRET_INCONNU = "0" * 14
ATTRIBUANTS = {
    Axe.AXE_1: ("Agence nationale de la cohésion des territoires", SIRET_INCONNU),
    Axe.AXE_2: ("Direction interministérielle du numérique", SIRET_INCONNU),
    Axe.AXE_3: ("Préfecture", SIRET_INCONNU),
}
TAILLE_LOT = 2000


def _versements(agregat):
    return Subquery(
        Versement.objects.filter(subvention=OuterRef("pk"))
        .order_by()
        .values("subvention")
        .annotate(v=agregat)
        .values("v")
    )


def subventions_publiees():
    """Une requête pour toutes les lignes (sous-requêtes pour la convention et les
    versements) : le nombre de requêtes ne dépend pas du volume."""
    return (
        Subvention.objects.exclude(statut=StatutSubvention.ANNULEE)
        .select_related("beneficiaire", "departement", "region", "dossier")
        .annotate(
            contresignee_le=Subquery(
                Convention.objects.en_vigueur()
                .filter(subvention=OuterRef("pk"))
                .values("contresignee_le")[:1]
            ),
            premier_versement=_versements(Min("date")),
            dernier_versement=_versements(Max("date")),
            nombre_versements=_versements(Count("pk")),
        )
        .order_by("cree_le", "pk")
    )


def _attribuant(subvention) -> tuple[str, str]:
    reglage = getattr(settings, "SCDL_ATTRIBUANTS", {})
    nom, siret = reglage.get(subvention.axe) or ATTRIBUANTS[subvention.axe]
    if subvention.axe == Axe.AXE_3 and subvention.axe not in reglage:
        territoire = subvention.departement or subvention.region
        nom = f"Préfecture — {territoire.nom}" if territoire else nom
    return nom, siret


def _plus_mois(jour: date, mois: int) -> date:
    annee, rang = divmod(jour.month - 1 + mois, 12)
    return jour.replace(year=jour.year + annee, month=rang + 1, day=min(jour.day, 28))


def ligne(subvention) -> dict:
    nom_attribuant, id_attribuant = _attribuant(subvention)
    decision = subvention.cree_le.date()
    signature = subvention.contresignee_le
    siren = subvention.beneficiaire.siren or ""
    n = subvention.nombre_versements or 0
    unique = n == 1 and subvention.statut == StatutSubvention.SOLDEE
    if subvention.premier_versement:
        debut, fin = subvention.premier_versement, subvention.dernier_versement
    else:
        debut, fin = decision, _plus_mois(decision, subvention.duree_mois)
    periode = debut.isoformat() if debut == fin else f"{debut.isoformat()}/{fin.isoformat()}"
    return {
        "nomAttribuant": nom_attribuant,
        "idAttribuant": id_attribuant,
        "dateConvention": (signature.date() if signature else decision).isoformat(),
        "referenceDecision": str(
            subvention.dossier.uuid if subvention.dossier_id else subvention.uuid
        ),
        "nomBeneficiaire": subvention.beneficiaire.nom,
        "idBeneficiaire": f"{siren}00000" if len(siren) == 9 else SIRET_INCONNU,
        "objet": subvention.objet[:255],
        "montant": f"{subvention.montant:.2f}",
        "nature": "aide en numéraire",
        "conditionsVersement": "unique" if unique else "échelonné",
        "datesPeriodeVersement": periode,
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
    }


def lignes():
    for subvention in subventions_publiees().iterator(chunk_size=TAILLE_LOT):
        yield ligne(subvention)


def reponse_csv() -> StreamingHttpResponse:
    """CSV du SCDL : virgule, UTF-8 sans BOM, point décimal ; envoyé ligne à ligne."""
    return exports.reponse_csv(
        CHAMPS,
        ([valeurs[c] for c in CHAMPS] for valeurs in lignes()),
        nom="subventions-scdl.csv",
        tableur=False,
    )


def reponse_json() -> StreamingHttpResponse:
    """Les mêmes lignes en JSON (un tableau d'objets), montant et pourcentage en nombres."""

    def contenu():
        yield "["
        for i, valeurs in enumerate(lignes()):
            objet = {
                **valeurs,
                "montant": Decimal(valeurs["montant"]),
                "pourcentageSubvention": Decimal(valeurs["pourcentageSubvention"]),
            }
            yield ("," if i else "") + json.dumps(objet, ensure_ascii=False, default=float)
        yield "]"

    return StreamingHttpResponse(contenu(), content_type="application/json")
