"""Volume national : guichets (un par département à l'axe 3, les volets de l'axe 2) et dossiers à
tous les états avec pièces, messages, annotations, historique. Contribution de `fonds.dossiers`."""

import hashlib
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import F

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Departement
from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.dossiers.enums import Etat, StatutAnalyse, TypePiece
from fonds.dossiers.models import Annotation, Dossier, Guichet, Message, PieceJointe
from fonds.financement.enums import (
    Axe,
)

from .commun import (
    FICHIER_PIECE,
    LOT,
    PDF,
    PREFIXE_GUICHET,
    TITRES,
    VOLETS,
    VOLUMES,
    Volume,
    _effacer,
    _montant,
)


def guichets(v: Volume) -> None:
    """Un guichet de l'axe 3 par département (préfecture) et les guichets nationaux de
    l'axe 2 (trois volets, FranceConnect / API), instruits par la DINUM."""
    ouverture = v.maintenant - timedelta(days=400)
    cloture = v.maintenant + timedelta(days=60)
    objets = [
        Guichet(
            nom=f"Guichet territorial — {d.nom}",
            slug=f"{PREFIXE_GUICHET}axe3-{d.code.lower()}",
            axe=Axe.AXE_3,
            description=f"Guichet de la préfecture : {d.nom}.",
            ouverture=ouverture,
            cloture=cloture,
            departement=d,
            role_instructeur=ROLE_DE_L_AXE[Axe.AXE_3],
            pieces_requises=[TypePiece.DELIBERATION, TypePiece.BUDGET],
        )
        for d in Departement.objects.order_by("code")
    ] + [
        Guichet(
            nom=f"Axe 2 — {libelle}",
            slug=f"{PREFIXE_GUICHET}axe2-{code}",
            axe=Axe.AXE_2,
            description=libelle,
            ouverture=ouverture,
            cloture=None if code == "franceconnect-api" else cloture,
            role_instructeur=ROLE_DE_L_AXE[Axe.AXE_2],
            pieces_requises=[TypePiece.DELIBERATION],
        )
        for code, libelle in VOLETS
    ]
    Guichet.objects.bulk_create(objets)
    Guichet.history.bulk_history_create(objets, default_user=v.admin)
    v.guichets_dep = {g.departement_id: g for g in objets if g.departement_id}
    v.guichets_axe2 = [g for g in objets if g.axe == Axe.AXE_2]


def dossiers(v: Volume) -> None:
    """20 000 dossiers à tous les états, leurs pièces (un même petit fichier partagé), leur
    fil de messages, des annotations, et deux lignes d'historique : création et état actuel."""
    chemin = Path(settings.PIECES_JOINTES_ROOT) / FICHIER_PIECE
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(PDF)
    empreinte = hashlib.sha256(PDF).hexdigest()

    par_dep = defaultdict(list)
    for c in v.actives:
        if c[2] in v.guichets_dep:
            par_dep[c[2]].append(c)
    nationales = [c for c in v.actives if c[1] in (Nature.DEPARTEMENT, Nature.REGION)] + [
        c for c in v.actives if (c[4] or 0) >= 500_000
    ]
    total = v.nombre("dossiers")
    acceptes = v.nombre("subventions") - v.nombre("subventions_axe1")
    # Les départements reçoivent des dossiers en proportion de leurs collectivités actives.
    deps = [d for d in par_dep if par_dep[d]]
    poids = [len(par_dep[d]) for d in deps]
    etats = [Etat.BROUILLON, Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.REFUSE, Etat.CLASSE_SANS_SUITE]
    poids_etats = [18, 22, 30, 25, 5]
    objets = []
    for i in range(total):
        axe2 = nationales and (v.hasard.random() < VOLUMES["part_axe2"] or not deps)
        if axe2:
            guichet = v.hasard.choice(v.guichets_axe2)
            c = v.hasard.choice(nationales)
            agent = v.hasard.choice(v.dinum)
            forfait = guichet.slug.endswith("franceconnect-api")
            montant = Decimal(5000) if forfait else _montant(v, 15_000, 70_000)
        else:
            d = v.hasard.choices(deps, poids)[0]
            guichet, c, agent = v.guichets_dep[d], v.hasard.choice(par_dep[d]), None
            agent = v.instructeur_dep[d]
            montant = _montant(v, 2000, 9000)
        etat = Etat.ACCEPTE if i < acceptes else v.hasard.choices(etats, poids_etats)[0]
        depose = v.maintenant - timedelta(days=v.hasard.randrange(30, 380))
        decide = etat in (Etat.ACCEPTE, Etat.REFUSE, Etat.CLASSE_SANS_SUITE)
        dossier = Dossier(
            guichet=guichet,
            collectivite_id=c[0],
            cree_par=v.hasard.choice(v.membres[c[0]]),
            etat=etat,
            titre=f"{v.hasard.choice(TITRES)} ({i + 1})",
            description="Projet de transformation numérique de la collectivité. " * 3,
            montant_demande=montant,
            tags=v.hasard.choice(["", "cybersécurité", "formation", "données, usagers"]),
            instructeur=agent if etat not in (Etat.BROUILLON, Etat.DEPOSE) else None,
            depose_le=None if etat == Etat.BROUILLON else depose,
            decide_le=depose + timedelta(days=30) if decide else None,
            motivation="Projet conforme aux critères du guichet." if decide else "",
            complements_demandes=etat == Etat.DEPOSE and v.hasard.random() < 0.1,
        )
        dossier._history_date = depose
        dossier._history_user = dossier.cree_par
        objets.append(dossier)
    v.hasard.shuffle(objets)
    Dossier.objects.bulk_create(objets, batch_size=LOT)
    # La création (brouillon), puis l'état actuel : une histoire en deux lignes par dossier.
    finals = [(d.etat, d.depose_le) for d in objets]
    for d in objets:
        d.etat, d.depose_le = Etat.BROUILLON, None
    Dossier.history.bulk_history_create(objets, default_change_reason="Création", batch_size=LOT)
    for d, (etat, depose_le) in zip(objets, finals, strict=True):
        d.etat, d.depose_le = etat, depose_le
    deposes = [d for d in objets if d.etat != Etat.BROUILLON]
    for d in deposes:
        d._history_user = d.instructeur or d.cree_par
        d._change_reason = Etat(d.etat).label
    Dossier.history.bulk_history_create(deposes, update=True, batch_size=LOT)
    # Dates réalistes (cree_le et modifie_le sont posés par Django à l'enregistrement).
    Dossier.objects.filter(pk__in=[d.pk for d in deposes]).update(
        cree_le=F("depose_le") - timedelta(days=12), modifie_le=F("depose_le")
    )
    v.dossiers = objets

    pieces, messages, annotations = [], [], []
    for d in deposes:
        types = [TypePiece.DELIBERATION, TypePiece.BUDGET]
        if v.hasard.random() < 0.5:
            types.append(TypePiece.DEVIS)
        for t in types:
            pieces.append(
                PieceJointe(
                    dossier=d,
                    type_piece=t,
                    nom_original=f"{t}.pdf",
                    fichier=FICHIER_PIECE,
                    taille=len(PDF),
                    sha256=empreinte,
                    type_contenu="application/pdf",
                    statut_analyse=StatutAnalyse.SAINE,
                    deposee_par=d.cree_par,
                )
            )
        if d.instructeur:
            for n in range(v.hasard.randrange(1, 4)):
                agent = n % 2 == 0
                messages.append(
                    Message(
                        dossier=d,
                        auteur=d.instructeur if agent else d.cree_par,
                        de_agent=agent,
                        corps="Pouvez-vous préciser le calendrier du projet ?"
                        if agent
                        else "Le projet démarre au trimestre prochain.",
                    )
                )
            if v.hasard.random() < 0.3:
                annotations.append(
                    Annotation(dossier=d, auteur=d.instructeur, texte="Équipe expérimentée.")
                )
    PieceJointe.objects.bulk_create(pieces, batch_size=LOT)
    Message.objects.bulk_create(messages, batch_size=LOT)
    Annotation.objects.bulk_create(annotations, batch_size=LOT)


def effacer(comptes) -> None:
    guichets_ = Guichet.objects.filter(slug__startswith=PREFIXE_GUICHET)
    _effacer(Dossier, Dossier.objects.filter(guichet__in=guichets_))
    _effacer(Guichet, guichets_)
