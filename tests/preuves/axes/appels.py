"""Les appels à projets nationaux (axe 2) dans la matrice et les budgets.

Le monde (`tests/guichet_national/monde_appels.py`) : un appel ouvert et un appel à venir ; la
Métropole Rouen Normandie (son membre n'est pas un rôle de la matrice : aucun rôle n'est
éligible, la page de dépôt leur répond 422 avec le raisonnement) ; un dossier déposé, un
dossier pré-sélectionné dont la commune B est partenaire ; deux jurés de l'appel : « jure »,
et « membre_b », en conflit d'intérêts avec le dossier pré-sélectionné (403)."""

from django.utils import timezone

from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.financement.models import Subvention
from guichet_national.models import Evaluation, Jure, Note, Projet
from guichet_national.models.appels import PRESELECTIONNE
from tests.guichet_national.monde_appels import construire_appels
from tests.preuves.monde import CONNEXION, INTERDIT, INTROUVABLE, INVALIDE, METHODE, OK, REDIRIGE
from tests.preuves.pages import Page, connecte, pour, selon

DINUM = ("dinum", "administrateur")
JURES = ("jure", "membre_b")


def construire(monde) -> dict:
    return construire_appels(monde.territoire, monde.roles)


def grossir(monde, n: int) -> None:
    """n dossiers pré-sélectionnés de plus (avec leur projet, un partenaire et une évaluation
    soumise du juré), et n dossiers déposés."""
    m = monde.axes["appels"]
    appel, rouen = m["appel"], m["rouen"]
    maintenant = timezone.now()
    nouveaux = Dossier.objects.bulk_create(
        Dossier(
            guichet=appel.guichet,
            collectivite=rouen,
            cree_par=m["porteur"],
            etat=Etat.EN_INSTRUCTION if i % 2 else Etat.DEPOSE,
            etape=PRESELECTIONNE if i % 2 else "",
            depose_le=maintenant,
            titre=f"Projet en volume {i}",
            description="…",
            montant_demande=1000,
            cout_eligible=2000,
        )
        for i in range(2 * n)
    )
    projets = Projet.objects.bulk_create(
        Projet(
            dossier=d,
            appel=appel,
            contexte="c",
            objectifs="o",
            usagers="u",
            livrables="l",
            calendrier="c",
        )
        for d in nouveaux
    )
    for p in projets:
        p.partenaires.add(monde.territoire["a"])
    Evaluation.objects.bulk_create(
        Evaluation(jure=m["jure"], dossier=d, soumise_le=maintenant, note_ponderee=10)
        for d in nouveaux
        if d.etape == PRESELECTIONNE
    )


def _appel(m):
    return {"slug": m.axes["appels"]["appel"].guichet.slug}


def _uuid(cle):
    return lambda m: {"uuid": m.axes["appels"][cle].uuid}


def _etat_projets(m):
    return sorted(Projet.objects.values_list("pk", "dossier__etat"))


def _etat_dossiers(m):
    return sorted(Dossier.objects.values_list("pk", "etat", "etape"))


def _etat_decisions(m):
    return (_etat_dossiers(m), sorted(Subvention.objects.values_list("pk", "montant")))


def _etat_jures(m):
    return sorted(Jure.objects.values_list("appel_id", "user_id"))


def _etat_notes(m):
    return sorted(Note.objects.values_list("pk", "valeur", "justification"))


def _depot(m):
    return {
        "collectivite": str(m.territoire["a"].uuid),
        "titre": "Un projet",
        "contexte": "c",
        "objectifs": "o",
        "usagers": "u",
        "livrables": "l",
        "calendrier": "c",
        "plan_de_financement": "p",
        "ligne_1_libelle": "Dev",
        "ligne_1_montant": "1000",
    }


def _etat_groupements(m):
    from fonds.collectivites.models import Collectivite
    from fonds.comptes.models import Adhesion

    return (
        sorted(Collectivite.objects.filter(siren__isnull=True).values_list("pk", "population")),
        sorted(Adhesion.objects.values_list("pk", "user_id", "collectivite_id", "statut")),
    )


def _groupement(m):
    return {
        "chef_de_file": str(m.territoire["a"].uuid),
        "nom": "Ensemble",
        "membres": m.axes["appels"]["rouen"].siren,
        "action": "former",
    }


def _etat_conflits(m):
    from fonds.comptes.models import ConflitInteret

    return sorted(ConflitInteret.objects.values_list("user_id", "collectivite_id", "motif"))


def _notes(m):
    appel = m.axes["appels"]["appel"]
    donnees = {}
    for c in appel.criteres.all():
        donnees[f"note_{c.ordre}"] = "3"
        donnees[f"justification_{c.ordre}"] = "Argumenté."
    return donnees


PUBLIQUE = {"get": selon(OK), "post": selon(METHODE)}

PAGES = {
    "guichet_national:appels": Page(**PUBLIQUE),
    "guichet_national:appels_a_venir": Page(
        **PUBLIQUE, visible=lambda m: {"vague 1": tuple(r for r in m.roles)}
    ),
    "guichet_national:appel": Page(**PUBLIQUE, kwargs=_appel),
    # Aucun rôle de la matrice n'est éligible : le dépôt leur répond 422 (raisonnement affiché).
    "guichet_national:appel_deposer": Page(
        get=connecte(OK),
        post=connecte(INVALIDE),
        kwargs=_appel,
        donnees=_depot,
        etat=_etat_projets,
    ),
    # Le groupement ad hoc : membre_a (commune A) forme avec Rouen un groupement éligible ;
    # les autres ne sont membres vérifiés d'aucune collectivité proposée comme chef de file.
    "guichet_national:appel_groupement": Page(
        get=connecte(OK),
        post=connecte(INVALIDE, membre_a=REDIRIGE),
        kwargs=_appel,
        donnees=_groupement,
        etat=_etat_groupements,
    ),
    "guichet_national:appel_dossiers": Page(
        get=pour(DINUM, OK),
        post=connecte(METHODE),
        kwargs=_appel,
        visible=lambda m: {"Prise de rendez-vous": DINUM},
    ),
    "guichet_national:appel_preselection": Page(
        get=connecte(METHODE),
        post=pour(DINUM, REDIRIGE),
        kwargs=_uuid("depose"),
        donnees=lambda m: {"decision": "oui", "motivation": "Solide."},
        etat=_etat_dossiers,
    ),
    "guichet_national:appel_jury": Page(
        get=pour(DINUM, OK),
        post=pour(DINUM, REDIRIGE),
        kwargs=_appel,
        donnees=lambda m: {"email": m.roles["anct"].email},
        etat=_etat_jures,
    ),
    "guichet_national:appel_seance": Page(
        get=pour(DINUM, OK),
        post=connecte(METHODE),
        kwargs=_appel,
        visible=lambda m: {"Portail des aides": DINUM},
    ),
    "guichet_national:appel_decision": Page(
        get=pour(DINUM, OK),
        post=pour(DINUM, REDIRIGE),
        kwargs=_uuid("preselectionne"),
        donnees=lambda m: {"decision": "laureat", "montant": "100 000"},
        etat=_etat_decisions,
    ),
    # Le juré en conflit voit la ligne fermée, jamais le titre du dossier.
    "guichet_national:jury_dossiers": Page(
        get=pour(JURES, OK),
        post=connecte(METHODE),
        kwargs=_appel,
        visible=lambda m: {"Portail des aides": ("jure",)},
    ),
    "guichet_national:jury_evaluer": Page(
        get=connecte(INTROUVABLE, jure=OK, membre_b=INTERDIT),
        post=connecte(INTROUVABLE, jure=REDIRIGE, membre_b=INTERDIT),
        kwargs=_uuid("preselectionne"),
        donnees=_notes,
        etat=_etat_notes,
    ),
    # Se déporter : le juré de l'appel seulement ; celui déjà en conflit, 403.
    "guichet_national:jury_deport": Page(
        get=connecte(INTROUVABLE, jure=OK, membre_b=INTERDIT),
        post=connecte(INTROUVABLE, jure=REDIRIGE, membre_b=INTERDIT),
        kwargs=_uuid("preselectionne"),
        donnees=lambda m: {"motif": "J'ai conseillé le porteur."},
        etat=_etat_conflits,
    ),
}

BUDGETS = {
    "guichet_national:jury_evaluer": (
        12,
        "le dossier, son budget et ses partenaires (conflits), l'habilitation au jury, les "
        "collectivités proches du juré, la grille, son évaluation et ses notes : chacun une "
        "requête, en nombre constant",
    ),
}

_ = (CONNEXION, INTERDIT)
