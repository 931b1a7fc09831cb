"""Volume national : enveloppes déléguées, subventions, engagements, conventions et versements.
Contribution de `fonds.financement`."""

import hashlib
import math
import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_UP, Decimal
from pathlib import Path

from django.conf import settings

from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.financement.enums import (
    Axe,
    Contractualisation,
    NatureEnveloppe,
    StatutSubvention,
    TypeMouvement,
    TypeVersement,
)
from fonds.financement.models import (
    Convention,
    Engagement,
    Enveloppe,
    Mouvement,
    Subvention,
    Versement,
)

from .commun import (
    FICHIER_CONVENTION,
    LOT,
    PDF,
    Volume,
    _effacer,
    _montant,
)


def _centimes(montant: Decimal) -> Decimal:
    return montant.quantize(Decimal("0.01"), rounding=ROUND_UP)


def _arrondi_millier(montant: Decimal) -> Decimal:
    return Decimal(math.ceil(montant / 1000) * 1000)


def argent(v: Volume) -> None:
    """Enveloppes déléguées (axe 3 → régions → départements ; axe 2 → volets et guichet
    FranceConnect / API ; axe 1 → services retenus), une subvention par dossier accepté plus
    les projets de l'axe 1, chacune avec son engagement, sa convention et ses versements
    selon son état. Les montants tiennent dans les enveloppes (marge de 25 %)."""
    axes = {e.axe: e for e in Enveloppe.objects.filter(nature=NatureEnveloppe.AXE)}
    acceptes = [d for d in v.dossiers if d.etat == Etat.ACCEPTE]
    beneficiaires = Collectivite.objects.in_bulk({d.collectivite_id for d in acceptes})

    # Les besoins, puis une réduction uniforme si l'axe n'a pas de quoi les couvrir.
    besoins = defaultdict(Decimal)
    for d in acceptes:
        besoins[d.guichet.axe] += d.montant_demande
    projets_axe1 = [_montant(v, 30_000, 300_000) for _ in range(v.nombre("subventions_axe1"))]
    besoins[Axe.AXE_1] += sum(projets_axe1, Decimal(0))
    for axe, besoin in besoins.items():
        facteur = min(Decimal(1), axes[axe].disponible * Decimal("0.7") / besoin)
        if facteur < 1:
            for d in acceptes:
                if d.guichet.axe == axe:
                    d.montant_demande = max(
                        Decimal(100), (d.montant_demande * facteur).quantize(Decimal(100))
                    )
            if axe == Axe.AXE_1:
                projets_axe1 = [(m * facteur).quantize(Decimal(100)) for m in projets_axe1]
    Dossier.objects.bulk_update(acceptes, ["montant_demande"], batch_size=LOT)

    # Les enveloppes feuilles et leurs parents.
    regions = Region.objects.in_bulk()
    departements = Departement.objects.in_bulk()
    feuilles = {}  # clé → (Enveloppe, parent, [(dossier ou None, montant)])
    for d in acceptes:
        if d.guichet.axe == Axe.AXE_3:
            cle = ("departement", d.guichet.departement_id)
        else:
            cle = ("volet", d.guichet.slug)
        feuilles.setdefault(cle, []).append(d)
    enveloppes_region = {}
    creees = []
    for cle in sorted(feuilles, key=str):
        genre, valeur = cle
        if genre == "departement":
            dep = departements[valeur]
            if dep.region_id not in enveloppes_region:
                enveloppes_region[dep.region_id] = Enveloppe(
                    nom=f"Axe 3 — {regions[dep.region_id].nom}",
                    nature=NatureEnveloppe.REGION,
                    axe=Axe.AXE_3,
                    parent=axes[Axe.AXE_3],
                    region_id=dep.region_id,
                )
            feuilles[cle] = (
                Enveloppe(
                    nom=f"Axe 3 — {dep.nom}",
                    nature=NatureEnveloppe.DEPARTEMENT,
                    axe=Axe.AXE_3,
                    parent=enveloppes_region[dep.region_id],
                    region_id=dep.region_id,
                    departement=dep,
                ),
                feuilles[cle],
            )
        else:
            guichet = next(g for g in v.guichets_axe2 if g.slug == valeur)
            nature = NatureEnveloppe.GUICHET if "franceconnect" in valeur else NatureEnveloppe.APPEL
            feuilles[cle] = (
                Enveloppe(nom=guichet.nom, nature=nature, axe=Axe.AXE_2, parent=axes[Axe.AXE_2]),
                feuilles[cle],
            )
    axe1 = Enveloppe(
        nom="Axe 1 — services retenus par le comité de sélection",
        nature=NatureEnveloppe.APPEL,
        axe=Axe.AXE_1,
        parent=axes[Axe.AXE_1],
    )
    for e, contenu in feuilles.values():
        e.montant = _arrondi_millier(sum((d.montant_demande for d in contenu), Decimal(0)) * 5 / 4)
    axe1.montant = _arrondi_millier(sum(projets_axe1, Decimal(0)) * 5 / 4)
    for r in enveloppes_region.values():
        r.montant_delegue = sum(
            (e.montant for e, _ in feuilles.values() if e.parent is r), Decimal(0)
        )
        r.montant = _arrondi_millier(r.montant_delegue * Decimal("1.05"))
    premier_niveau = [
        *enveloppes_region.values(),
        *(e for k, (e, _) in feuilles.items() if k[0] == "volet"),
        axe1,
    ]
    creees = premier_niveau + [e for k, (e, _) in feuilles.items() if k[0] == "departement"]
    for e in premier_niveau:
        if e.montant > e.parent.disponible:  # au pire, le fonds a déjà servi ailleurs
            e.montant = max(e.montant_delegue, e.parent.disponible)
        e.parent.montant_delegue += e.montant
    Enveloppe.objects.bulk_create(premier_niveau)
    for e in creees[len(premier_niveau) :]:
        e.parent_id = e.parent.pk
    Enveloppe.objects.bulk_create(creees[len(premier_niveau) :])
    # Chaque guichet engage sur l'enveloppe de ses dossiers acceptés.
    enveloppe_du_guichet = {}
    for e, contenu in feuilles.values():
        for d in contenu:
            enveloppe_du_guichet.setdefault(d.guichet_id, e.pk)
    for guichet_id, enveloppe_id in enveloppe_du_guichet.items():
        Guichet.objects.filter(pk=guichet_id, enveloppe__isnull=True).update(
            enveloppe_id=enveloppe_id
        )
    mouvements = [
        Mouvement(
            type=TypeMouvement.DELEGATION,
            source_id=e.parent_id or e.parent.pk,
            destination=e,
            montant=e.montant,
            motif="Délégation (volume national)",
            par=v.instructeur_reg.get(e.parent.region_id, v.admin)
            if e.nature == NatureEnveloppe.DEPARTEMENT
            else v.admin,
        )
        for e in creees
        if e.montant > 0
    ]
    Mouvement.objects.bulk_create(mouvements, batch_size=LOT)

    # Subventions : engagement, convention et versements selon l'état.
    statuts = [
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        StatutSubvention.SOLDEE,
        StatutSubvention.ANNULEE,
    ]
    poids_statuts = [15, 15, 20, 25, 20, 5]
    a_creer = []  # (enveloppe, bénéficiaire, dossier, montant, taux, agent)
    for (genre, valeur), (e, contenu) in feuilles.items():
        for d in contenu:
            taux = Decimal(80) if genre == "departement" else Decimal(50)
            if d.montant_demande == 5000 and "franceconnect" in str(valeur):
                taux = Decimal(100)
            agent = v.instructeur_dep.get(valeur) if genre == "departement" else v.dinum[0]
            benef = beneficiaires[d.collectivite_id]
            a_creer.append((e, benef, d, d.montant_demande, taux, agent))
    communes_axe1 = [c for c in v.actives if v.membres.get(c[0])]
    benefs_axe1 = Collectivite.objects.in_bulk(
        [v.hasard.choice(communes_axe1)[0] for _ in projets_axe1]
    )
    for montant, pk in zip(projets_axe1, list(benefs_axe1) * len(projets_axe1), strict=False):
        a_creer.append((axe1, benefs_axe1[pk], None, montant, Decimal(80), v.anct[0]))

    engagements, subventions = [], []
    for e, benef, d, montant, taux, agent in a_creer:
        statut = v.hasard.choices(statuts, poids_statuts)[0]
        annulee = statut == StatutSubvention.ANNULEE
        objet = d.titre if d else "Service numérique retenu par le comité de sélection"
        eng = Engagement(
            enveloppe=e,
            beneficiaire=benef,
            objet=objet,
            montant=Decimal(0) if annulee else montant,
            montant_initial=montant,
            cree_par=agent,
            libere_le=v.maintenant if annulee else None,
        )
        engagements.append(eng)
        if not annulee:
            e.montant_engage += montant
        crte = e.axe == Axe.AXE_3 and v.hasard.random() < 0.3
        subventions.append(
            Subvention(
                dossier=d,
                motif_exceptionnel=""
                if d
                else "Projet retenu par le comité de sélection de l'axe 1 (volume national)",
                beneficiaire=benef,
                enveloppe=e,
                engagement=eng,
                axe=e.axe,
                region_id=benef.region_id
                or (departements[benef.departement_id].region_id if benef.departement_id else None),
                departement_id=benef.departement_id,
                objet=objet,
                cout_eligible=_centimes(montant * 100 / taux),
                taux=taux,
                montant=montant,
                statut=statut,
                motif_statut="Volume national",
                contractualisation=Contractualisation.CRTE
                if crte
                else Contractualisation.CONVENTION,
                reference_crte=f"CRTE-{benef.departement_id}-{len(subventions)}" if crte else "",
                cree_par=agent,
            )
        )
    Engagement.objects.bulk_create(engagements, batch_size=LOT)
    for s in subventions:
        s.engagement_id = s.engagement.pk
    Enveloppe.objects.bulk_update(creees, ["montant_engage"])
    for e in set(axes.values()):
        Enveloppe.objects.filter(pk=e.pk).update(montant_delegue=e.montant_delegue)

    _conventions_et_versements(v, subventions)
    Subvention.objects.bulk_create(subventions, batch_size=LOT)
    for s in subventions:
        for objet in s._a_creer:
            objet.subvention_id = s.pk
    Convention.objects.bulk_create(
        [c for s in subventions for c in s._a_creer if isinstance(c, Convention)], batch_size=LOT
    )
    versements = [x for s in subventions for x in s._a_creer if isinstance(x, Versement)]
    Versement.objects.bulk_create(versements, batch_size=LOT)
    Enveloppe.history.bulk_history_create(
        creees, default_user=v.admin, default_change_reason="Délégation"
    )
    Engagement.history.bulk_history_create(
        engagements, default_change_reason="Engagement", batch_size=LOT
    )
    Subvention.history.bulk_history_create(
        subventions, default_change_reason="Attribution", batch_size=LOT
    )
    Versement.history.bulk_history_create(versements, batch_size=LOT)
    v.subventions = subventions


def _conventions_et_versements(v: Volume, subventions: list[Subvention]) -> None:
    """Prépare (sur `s._a_creer`) la convention et les versements de chaque subvention selon son
    état ; tient `montant_verse` (jamais plus que la subvention)."""
    chemin = Path(settings.MEDIA_ROOT) / FICHIER_CONVENTION
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(PDF)
    empreinte = hashlib.sha256(PDF).hexdigest()
    avec_convention = {
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        StatutSubvention.SOLDEE,
    }
    aujourdhui = v.maintenant.date()
    for s in subventions:
        s._a_creer = []
        s._history_user = s.engagement._history_user = s.cree_par
        if s.statut not in avec_convention:
            continue
        signee = s.statut != StatutSubvention.CONVENTION_EMISE
        membres = v.membres.get(s.beneficiaire_id) or [s.cree_par]
        s._a_creer.append(
            Convention(
                version=1,
                fichier=FICHIER_CONVENTION,
                empreinte_sha256=empreinte,
                emise_par=s.cree_par,
                generee_le=v.maintenant,
                fichier_signe=FICHIER_CONVENTION if signee else "",
                empreinte_signee_sha256=empreinte if signee else "",
                signee_par=membres[0] if signee else None,
                signee_le=v.maintenant if signee else None,
                contresignee_par=s.cree_par if signee else None,
                contresignee_le=v.maintenant if signee else None,
            )
        )
        if s.statut == StatutSubvention.EN_PAIEMENT:
            tranches = [(TypeVersement.AVANCE, (s.montant * Decimal("0.3")).quantize(Decimal(1)))]
        elif s.statut == StatutSubvention.SOLDEE:
            avance = (s.montant * Decimal("0.3")).quantize(Decimal(1))
            tranches = [(TypeVersement.AVANCE, avance), (TypeVersement.SOLDE, s.montant - avance)]
        else:
            tranches = []
        for n, (type_, montant) in enumerate(tranches):
            if montant <= 0:
                continue
            s.montant_verse += montant
            s._a_creer.append(
                Versement(
                    type=type_,
                    montant=montant,
                    date=aujourdhui - timedelta(days=60 - 30 * n),
                    reference=f"VOL-{uuid.uuid4().hex[:12]}",
                    par=s.cree_par,
                )
            )


def effacer(comptes) -> None:
    """Versements, conventions, subventions, engagements, mouvements et enveloppes du volume ;
    puis le délégué et l'engagé des enveloppes qui restent, recalculés."""
    volume = comptes
    enveloppes = list(
        Enveloppe.objects.filter(entrees__par__in=volume).distinct().values("pk", "parent")
    )
    parents = {e["pk"]: e["parent"] for e in enveloppes}

    def profondeur(pk):
        n = 0
        while pk in parents:
            pk, n = parents[pk], n + 1
        return n

    subventions = Subvention.objects.filter(cree_par__in=volume)
    _effacer(Versement, Versement.objects.filter(subvention__in=subventions))
    _effacer(Convention, Convention.objects.filter(subvention__in=subventions))
    engagements = list(subventions.values_list("engagement_id", flat=True))
    _effacer(Subvention, subventions)
    _effacer(Engagement, Engagement.objects.filter(pk__in=engagements))
    Mouvement.objects.filter(par__in=volume).delete()
    # Les guichets (effacés après, par fonds.dossiers) ne tiennent plus ces enveloppes.
    Guichet.objects.filter(enveloppe__in=list(parents)).update(enveloppe=None)
    for pk in sorted(parents, key=profondeur, reverse=True):
        _effacer(Enveloppe, Enveloppe.objects.filter(pk=pk))
    for e in Enveloppe.objects.all():
        e.montant_delegue = sum((f.montant for f in e.enfants.all()), Decimal(0))
        e.montant_engage = sum((g.montant for g in e.engagements.all()), Decimal(0))
        e.save(update_fields=["montant_delegue", "montant_engage"])
