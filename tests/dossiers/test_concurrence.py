"""Deux requêtes HTTP simultanées sur un dossier (PostgreSQL, vrais fils, une connexion à la
base chacun) : un double « Déposer » dépose une fois et garde un fichier ; un dépôt et un
retrait de pièce ne laissent jamais un dossier déposé sans sa pièce requise ; deux transitions
sur deux dossiers d'un même guichet ne s'attendent pas."""

import threading
import time
from functools import partial

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from fonds.dossiers import services
from fonds.dossiers.enums import Etat, TypePiece
from fonds.dossiers.models import Dossier, PieceJointe
from tests.concurrence import SEULEMENT_POSTGRESQL, en_meme_temps
from tests.dossiers.factories import PDF, DossierFactory

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]

TOURS = 6


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fichiers_stockes() -> list:
    racine = settings.PIECES_JOINTES_ROOT
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def _brouillon(guichet, territoire, roles):
    return DossierFactory(guichet=guichet, collectivite=territoire["a"], cree_par=roles["membre_a"])


def test_double_depot_depose_une_fois_et_garde_un_seul_fichier(guichet, territoire, roles):
    guichet.pieces_requises = [TypePiece.DELIBERATION]
    guichet.save()
    for _ in range(TOURS):
        dossier = _brouillon(guichet, territoire, roles)
        url = reverse("dossiers:deposer", args=[dossier.uuid])
        clients = [_client(roles["membre_a"]) for _ in range(2)]

        def deposer(client, dossier=dossier, url=url):
            return client.post(
                url,
                {
                    "titre": dossier.titre,
                    "description": dossier.description,
                    "montant_demande": "12500,00",
                    "piece_deliberation": SimpleUploadedFile("deliberation.pdf", PDF),
                },
            )

        reponses = en_meme_temps([lambda c=c: deposer(c) for c in clients])
        assert [r.status_code for r in reponses] == [302, 302], reponses
        dossier.refresh_from_db()
        assert dossier.etat == Etat.DEPOSE
        assert dossier.pieces.count() == 1
        assert dossier.history.filter(history_change_reason="Dépôt").count() == 1
    assert len(_fichiers_stockes()) == TOURS


def test_depot_et_retrait_de_piece_simultanes(guichet, territoire, roles):
    guichet.pieces_requises = [TypePiece.DELIBERATION]
    guichet.save()
    issues = set()
    for _ in range(20):
        dossier = _brouillon(guichet, territoire, roles)
        piece = services.ajouter_piece(
            dossier=dossier,
            fichier=SimpleUploadedFile("deliberation.pdf", PDF),
            type_piece=TypePiece.DELIBERATION,
            par=roles["membre_a"],
        )
        deposant, retireur = _client(roles["membre_a"]), _client(roles["membre_a"])
        donnees = {"titre": dossier.titre, "description": dossier.description}
        reponses = en_meme_temps(
            [
                partial(deposant.post, reverse("dossiers:deposer", args=[dossier.uuid]), donnees),
                partial(retireur.post, reverse("dossiers:retirer_piece", args=[piece.uuid])),
            ]
        )
        assert all(r.status_code < 500 for r in reponses if not isinstance(r, Exception))
        assert not [r for r in reponses if isinstance(r, Exception)], reponses
        dossier.refresh_from_db()
        garde = PieceJointe.objects.filter(pk=piece.pk).exists()
        # Déposé avec sa pièce, ou brouillon sans elle ; jamais déposé sans elle.
        assert (dossier.etat, garde) in {(Etat.DEPOSE, True), (Etat.BROUILLON, False)}
        issues.add(dossier.etat)
    assert issues  # au moins un tour joué


def test_deux_transitions_d_un_meme_guichet_ne_s_attendent_pas(guichet, territoire, roles):
    """Le premier passage en instruction garde son verrou ouvert ; le second, sur un autre
    dossier du même guichet, passe pendant ce temps (le guichet n'est pas verrouillé)."""
    instructeur = roles["instructeur_dx"]
    premier, second = (
        DossierFactory(
            guichet=guichet, collectivite=territoire["a"], cree_par=roles["membre_a"], depose=True
        )
        for _ in range(2)
    )
    client = _client(instructeur)
    verrou_pris, second_fini = threading.Event(), threading.Event()
    mesure = {}

    def tenir_le_premier():
        with transaction.atomic():
            services.passer_en_instruction(dossier=premier, par=instructeur)
            verrou_pris.set()
            # Le verrou du premier dossier reste pris jusqu'à la fin du second, ou 10 s.
            mesure["fini_pendant_le_verrou"] = second_fini.wait(timeout=10)
        return "premier"

    def passer_le_second():
        assert verrou_pris.wait(timeout=10)
        debut = time.monotonic()
        response = client.post(reverse("dossiers:instruire", args=[second.uuid]))
        mesure["duree"] = time.monotonic() - debut
        second_fini.set()
        return response

    resultats = en_meme_temps([tenir_le_premier, passer_le_second])
    assert resultats[0] == "premier", resultats
    assert resultats[1].status_code == 302, resultats
    assert mesure["fini_pendant_le_verrou"], f"le second a attendu le premier ({mesure})"
    assert mesure["duree"] < 5, mesure
    etats = set(Dossier.objects.filter(pk__in=[premier.pk, second.pk]).values_list("etat"))
    assert etats == {(Etat.EN_INSTRUCTION,)}
