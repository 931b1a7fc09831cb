"""Ce que chaque page du portail doit à chaque rôle : la table de la matrice des permissions.

Une ligne par motif d'URL (nom complet avec l'espace de noms, ou la route s'il n'a pas de nom).
Le résolveur d'URL dit quelles pages existent (`tests/preuves/resolveur.py`) ; cette table dit
ce que chacune doit répondre, à chaque rôle, en GET et en POST. Une page sans ligne fait
échouer `test_matrice_permissions.py` avec la ligne à ajouter ; une ligne sans page aussi.
Voir README.md, « Ajouter une page ».

Issues possibles (`tests/preuves/monde.py`) : OK (200), CONNEXION (302 vers la connexion),
REDIRIGE (302 ailleurs : un POST accepté, ou une page qui renvoie ailleurs), INTERDIT (403),
INTROUVABLE (404), METHODE (405), INVALIDE (422), ou un autre code en texte (« 401 »).

Un POST qui change des données décrit `etat` (une photo des données qu'il touche) : refusé, la
photo ne doit pas bouger ; accepté (REDIRIGE), elle doit bouger. Une liste décrit `visible`
(un marqueur → les rôles qui doivent le voir ; les autres ne doivent pas le voir).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from fonds.comptes.models import Adhesion, ConflitInteret
from fonds.dossiers.models import Annotation, Dossier, Message, PieceJointe
from fonds.financement.models import Convention, Enveloppe, Mouvement, Subvention, Versement
from fonds.notifications.models import Notification

from .monde import (
    CONNEXION,
    INTERDIT,
    INTROUVABLE,
    INVALIDE,
    METHODE,
    OK,
    REDIRIGE,
    ROLES,
    Monde,
    pdf_signe,
)


def selon(defaut: str, **exceptions: str) -> dict[str, str]:
    """Une issue par rôle : `defaut` pour tous, sauf les rôles nommés."""
    inconnus = set(exceptions) - set(ROLES)
    if inconnus:
        raise ValueError(f"Rôles inconnus : {sorted(inconnus)} (voir monde.ROLES)")
    return {role: exceptions.get(role, defaut) for role in ROLES}


def connecte(defaut: str = OK, **exceptions: str) -> dict[str, str]:
    """Une page réservée aux personnes connectées : l'anonyme va à la connexion."""
    return selon(defaut, anonyme=CONNEXION, **exceptions)


def pour(roles: tuple[str, ...], issue: str, sinon: str = INTERDIT) -> dict[str, str]:
    """Une page connectée où seuls `roles` obtiennent `issue`, les autres `sinon`."""
    return connecte(sinon, **dict.fromkeys(roles, issue))


PUBLIC = selon(OK)
CONNECTE = connecte(OK)

# Qui décide des demandes d'adhésion à la commune A (département X, région R) : un membre
# vérifié de A, la préfecture de X ou de R, un administrateur (`perms.peut_decider_adhesion`).
# L'instructeur de X déporté de la commune A en décide aussi : le déport vaut pour les dossiers
# et les subventions, pas pour la vérification des membres.
PERIMETRE_A = ("membre_a", "instructeur_dx", "instructeur_region", "administrateur")
PERIMETRE_A += ("instructeur_dx_conflit",)
PERIMETRE_B = ("membre_b", "instructeur_dy", "instructeur_region", "administrateur")

# Qui instruit les guichets de l'Axe 3 : la préfecture du département du guichet ou de sa
# région, et les administrateurs (`perms.peut_instruire_guichet`) ; jamais la préfecture d'un
# autre département, ni l'ANCT ou la DINUM (un autre axe), ni la collectivité.
INSTRUCTEURS_DX = ("instructeur_dx", "instructeur_region", "administrateur")
INSTRUCTEURS_DY = ("instructeur_dy", "instructeur_region", "administrateur")
# Qui voit un dossier déposé de la commune A : ses membres vérifiés et ses instructeurs ;
# les autres ont un 404 (l'existence d'un dossier ne se devine pas).
VOIENT_DEPOSE_A = ("membre_a", *INSTRUCTEURS_DX)
# Les guichets eux-mêmes (liste d'instruction, exports, actions groupées) : aussi l'instructeur
# de X déporté de la commune A (il instruit les autres dossiers de X) et, pour Y, le juré
# limité au guichet de Y.
GUICHET_DX = (*INSTRUCTEURS_DX, "instructeur_dx_conflit")
GUICHET_DY = (*INSTRUCTEURS_DY, "jure_dy")
# L'instructeur de X déporté de la commune A sait que ses dossiers existent : 403, pas 404.
DEPORTE_A = {"instructeur_dx_conflit": INTERDIT}


@dataclass(frozen=True)
class Page:
    get: dict[str, str]
    post: dict[str, str]
    kwargs: Callable[[Monde], dict] | None = None  # arguments de l'URL, avec de vrais objets
    # Paramètres GET (une recherche, un filtre), ou une fonction du monde qui les donne.
    parametres: dict | Callable[[Monde], dict] | None = None
    donnees: Callable[[Monde], dict] | None = None  # données du POST
    etat: Callable[[Monde], object] | None = None  # ce qu'un POST refusé ne doit pas changer
    visible: Callable[[Monde], dict[str, tuple[str, ...]]] | None = None  # marqueur → rôles
    acceptee: str = REDIRIGE  # l'issue d'un POST accepté (OK pour une réponse JSON)

    def parametres_de(self, monde: Monde) -> dict:
        if callable(self.parametres):
            return self.parametres(monde)
        return self.parametres or {}


def _adhesion_a(m: Monde) -> dict:
    return {"uuid": m.adhesion_attente_a.uuid}


def _etat_adhesions(m: Monde):
    return sorted(Adhesion.objects.values_list("pk", "statut"))


def _etat_notifications(m: Monde):
    return sorted(Notification.objects.values_list("pk", "lue_le"), key=lambda x: x[0])


def _demandes_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    return {
        reverse("comptes:adhesion_detail", args=[m.adhesion_attente_a.uuid]): (
            *PERIMETRE_A,
            "en_attente_a",
        ),
        reverse("comptes:adhesion_detail", args=[m.adhesion_attente_b.uuid]): PERIMETRE_B,
    }


# Les agents (toute habilitation sauf partenaire) déclarent leurs conflits d'intérêts.
AGENTS = ("instructeur_dx", "instructeur_dy", "instructeur_region", "anct", "dinum", "jure")
AGENTS += ("jure_dy", "instructeur_dx_conflit", "administrateur")


def _conflits_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    return {"Élu de A.": ("instructeur_dx_conflit",)}


def _etat_conflits(m: Monde):
    return sorted(ConflitInteret.objects.values_list("user_id", "collectivite_id"))


def _notifications_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    return {n.titre: (role,) for role, n in m.notifications.items()}


# --- Financement (fonds.financement) ------------------------------------------------------------
#
# Règles (DESIGN.md, « The fund and its money ») : le tableau de bord et ses données ouvertes sont
# publics. Les agents qui gèrent de l'argent (préfectures, ANCT, DINUM, administrateurs) voient
# la liste des subventions et des enveloppes de leur périmètre seulement : la préfecture de X et
# celle de la région pour le département X, jamais celle de Y ; l'ANCT l'axe 1, la DINUM l'axe 2,
# l'administrateur tout. Un objet hors périmètre est introuvable (404). Les membres vérifiés de
# la commune A voient sa subvention et signent sa convention ; ils ne la gèrent pas (403).

AGENTS_FINANCEMENT = ("instructeur_dx", "instructeur_dy", "instructeur_region", "anct", "dinum")
AGENTS_FINANCEMENT += ("instructeur_dx_conflit", "administrateur")
GERE_DX = ("instructeur_dx", "instructeur_region", "administrateur")
# Les enveloppes de X : aussi l'instructeur déporté de la commune A (une enveloppe n'est pas un
# bénéficiaire) ; les subventions de A, non.
ENVELOPPES_DX = (*GERE_DX, "instructeur_dx_conflit")
GERE_DY = ("instructeur_dy", "instructeur_region", "administrateur")
VOIT_SUBVENTION_A = ("membre_a", *GERE_DX)


def _liste_financement(issue: str = OK) -> dict[str, str]:
    return pour(AGENTS_FINANCEMENT, issue)


def _hors_perimetre(roles: tuple[str, ...], issue: str, **exceptions: str) -> dict[str, str]:
    """Un objet du financement : `roles` obtiennent `issue`, les autres ne le trouvent pas."""
    return connecte(INTROUVABLE, **dict.fromkeys(roles, issue), **exceptions)


def _subvention_a(m: Monde) -> dict:
    return {"uuid": m.financement.subvention_a.uuid}


def _subvention_b(m: Monde) -> dict:
    return {"uuid": m.financement.subvention_b.uuid}


def _enveloppe_dx(m: Monde) -> dict:
    return {"uuid": m.financement.enveloppe_dx.uuid}


def _etat_enveloppes(m: Monde):
    return (
        sorted(Enveloppe.objects.values_list("pk", "montant", "montant_delegue", "montant_engage")),
        Mouvement.objects.count(),
    )


def _etat_subventions(m: Monde):
    return (
        sorted(
            Subvention.objects.values_list("pk", "statut", "montant_verse", "engagement__montant")
        ),
        sorted(
            Convention.objects.values_list(
                "pk", "remplacee_le", "empreinte_signee_sha256", "signee_le", "contresignee_le"
            ),
            key=lambda x: x[0],
        ),
        sorted(Versement.objects.values_list("pk", "montant")),
    )


def _subventions_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    """Marqueur : l'UUID de la subvention (lien de la liste, colonne « Référence » des exports)."""
    f = m.financement
    return {
        str(f.subvention_a.uuid): GERE_DX,
        str(f.subvention_b.uuid): GERE_DY,
        str(f.subvention_axe1.uuid): ("anct", "administrateur"),
        str(f.subvention_axe2.uuid): ("dinum", "administrateur"),
    }


def _mes_subventions_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    f = m.financement
    return {
        str(f.subvention_a.uuid): ("membre_a",),
        str(f.subvention_b.uuid): ("membre_b",),
        str(f.subvention_axe1.uuid): (),
        str(f.subvention_axe2.uuid): (),
    }


def _enveloppes_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    f = m.financement
    return {
        str(f.enveloppe_region.uuid): ("instructeur_region", "administrateur"),
        str(f.enveloppe_dx.uuid): ENVELOPPES_DX,
        str(f.enveloppe_dy.uuid): GERE_DY,
        str(f.enveloppe_axe1.uuid): ("anct", "administrateur"),
        str(f.enveloppe_axe2.uuid): ("dinum", "administrateur"),
    }


def _enveloppe_dx_visible(m: Monde) -> dict[str, tuple[str, ...]]:
    f = m.financement
    return {str(f.subvention_a.uuid): GERE_DX, str(f.subvention_b.uuid): ()}


def _subvention_a_visible(m: Monde) -> dict[str, tuple[str, ...]]:
    f = m.financement
    return {str(f.convention_a.uuid): VOIT_SUBVENTION_A, str(f.subvention_b.uuid): ()}


def _attribution(m: Monde) -> dict:
    return {
        "attribution-beneficiaire": str(m.territoire["a"].uuid),
        "attribution-objet": "Nouveau projet de la commune A",
        "attribution-cout_eligible": "10000,00",
        "attribution-taux": "80",
        "attribution-montant": "8000,00",
        "attribution-contractualisation": "convention",
        "attribution-reference_crte": "",
        "attribution-duree_mois": "24",
        "attribution-motif": "Décision prise hors du portail, reprise par l'administrateur",
    }


def _mon_espace_visible(m: Monde) -> dict[str, tuple[str, ...]]:
    """Les notifications de chacun, les dossiers de sa collectivité (membres vérifiés), les
    guichets qu'il instruit."""
    return {
        **_notifications_visibles(m),
        m.brouillon_a.titre: ("membre_a",),
        m.depose_b.titre: ("membre_b",),
        **_guichets_instruits_visibles(m),
    }


# --- Dossiers ---


def _guichet_dx(m: Monde) -> dict:
    return {"slug": m.guichet_dx.slug}


def _uuid(attribut: str) -> Callable[[Monde], dict]:
    return lambda m: {"uuid": getattr(m, attribut).uuid}


def _etat_dossiers(m: Monde):
    """Tout ce qu'une action sur un dossier peut changer : ses champs, ses messages, ses
    annotations, ses pièces."""
    return (
        sorted(
            Dossier.objects.values_list(
                "pk",
                "etat",
                "etape",
                "titre",
                "description",
                "montant_demande",
                "tags",
                "instructeur_id",
                "complements_demandes",
                "motivation",
            )
        ),
        sorted(Message.objects.values_list("pk", flat=True)),
        sorted(Annotation.objects.values_list("pk", flat=True)),
        sorted(PieceJointe.objects.values_list("pk", flat=True)),
    )


def _guichets_instruits_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    return {
        reverse("dossiers:instruction", args=[m.guichet_dx.slug]): GUICHET_DX,
        reverse("dossiers:instruction", args=[m.guichet_dy.slug]): GUICHET_DY,
    }


def _verdicts_visibles(m: Monde) -> dict[str, tuple[str, ...]]:
    """Le verdict d'une collectivité ne se montre qu'à ses membres vérifiés."""
    return {
        f"{m.territoire['a'].nom} : peut déposer": ("membre_a",),
        f"{m.territoire['b'].nom} : ne peut pas déposer": ("membre_b",),
    }


def _liste_instruction_visible(m: Monde) -> dict[str, tuple[str, ...]]:
    """La liste (et les exports) du guichet de X : ses dossiers déposés, jamais un brouillon,
    jamais le dossier de la commune B (guichet de Y)."""
    return {
        m.depose_a.titre: INSTRUCTEURS_DX,
        m.en_instruction_a.titre: INSTRUCTEURS_DX,
        m.brouillon_a.titre: (),
        m.depose_b.titre: (),
    }


def _dossier_visible(m: Monde) -> dict[str, tuple[str, ...]]:
    """Le fil de messages pour la collectivité et les agents, les annotations pour les agents."""
    return {
        m.message_a.corps: VOIENT_DEPOSE_A,
        m.annotation_a.texte: INSTRUCTEURS_DX,
    }


def _formulaire_dossier(m: Monde) -> dict:
    return {
        "titre": "Portail citoyen de la commune A",
        "description": "Démarches en ligne, prise de rendez-vous, signalements.",
        "montant_demande": "15000",
    }


def _action_d_agent(kwargs, donnees=None) -> Page:
    """Une action d'instruction sur un dossier de la commune A : ses instructeurs la font ; la
    collectivité, qui voit le dossier, est refusée (403) ; les autres ne le voient pas (404)."""
    return Page(
        get=connecte(METHODE),
        post=pour(INSTRUCTEURS_DX, REDIRIGE, sinon=INTROUVABLE)
        | {"membre_a": INTERDIT}
        | DEPORTE_A,
        kwargs=kwargs,
        donnees=donnees,
        etat=_etat_dossiers,
    )


def _action_groupee(m: Monde) -> dict:
    return {"dossiers": [str(m.depose_a.uuid)]}


# Les pages d'allauth sous /comptes/ : des pages pour l'anonyme (connexion, inscription, mot de
# passe oublié), des pages pour la personne connectée (adresses, mot de passe, double
# authentification). Une personne connectée qui ouvre la connexion est renvoyée à son espace.
ANONYME_SEULEMENT = selon(REDIRIGE, anonyme=OK)
GET_SEULEMENT_PUBLIC = (PUBLIC, selon(METHODE))

PAGES: dict[str, Page] = {
    # --- Portail (fonds/portail/urls.py) ---
    "portail:accueil": Page(get=PUBLIC, post=selon(METHODE)),
    # Le résultat d'une orientation : la commune A et les guichets ouverts qui la concernent.
    "portail:orientation": Page(
        get=PUBLIC,
        post=selon(METHODE),
        parametres=lambda m: {"collectivite": m.territoire["a"].uuid, "type_projet": "etude"},
    ),
    "portail:mon_espace": Page(get=CONNECTE, post=connecte(METHODE), visible=_mon_espace_visible),
    "portail:accessibilite": Page(get=PUBLIC, post=selon(METHODE)),
    "portail:mentions_legales": Page(get=PUBLIC, post=selon(METHODE)),
    "portail:donnees_personnelles": Page(get=PUBLIC, post=selon(METHODE)),
    "portail:sante": Page(get=PUBLIC, post=selon(METHODE)),
    "portail:plan_du_site": Page(get=PUBLIC, post=selon(METHODE)),
    # Le journal d'audit (et son export CSV) : aux seuls administrateurs.
    "portail:journal_audit": Page(get=pour(("administrateur",), OK), post=connecte(METHODE)),
    # --- Adhésions (fonds/comptes/urls.py) ---
    "comptes:adhesions": Page(get=CONNECTE, post=connecte(METHODE), visible=_demandes_visibles),
    "comptes:demander_adhesion": Page(
        get=CONNECTE,
        post=connecte(REDIRIGE),
        donnees=lambda m: {"collectivite": m.territoire["c"].uuid, "fonction": "agent"},
        etat=_etat_adhesions,
    ),
    "comptes:conflits": Page(
        get=pour(AGENTS, OK), post=connecte(METHODE), visible=_conflits_visibles
    ),
    "comptes:declarer_conflit": Page(
        get=connecte(METHODE),
        post=pour(AGENTS, REDIRIGE),
        donnees=lambda m: {"collectivite": m.territoire["c"].uuid, "motif": "Élu de C."},
        etat=_etat_conflits,
    ),
    "comptes:adhesion_detail": Page(
        get=pour((*PERIMETRE_A, "en_attente_a"), OK),
        post=connecte(METHODE),
        kwargs=_adhesion_a,
    ),
    "comptes:valider_adhesion": Page(
        get=connecte(METHODE),
        post=pour(PERIMETRE_A, REDIRIGE),
        kwargs=_adhesion_a,
        etat=_etat_adhesions,
    ),
    "comptes:refuser_adhesion": Page(
        get=connecte(METHODE),
        post=pour(PERIMETRE_A, REDIRIGE),
        kwargs=_adhesion_a,
        donnees=lambda m: {"motif": "Personne inconnue de nos services."},
        etat=_etat_adhesions,
    ),
    "comptes:retirer_adhesion": Page(
        get=connecte(METHODE),
        # La personne retire sa propre demande ; ceux qui en décident peuvent la retirer aussi.
        post=pour((*PERIMETRE_A, "en_attente_a"), REDIRIGE),
        kwargs=_adhesion_a,
        etat=_etat_adhesions,
    ),
    # --- Collectivités (fonds/collectivites/urls.py) ---
    "collectivites:recherche": Page(get=PUBLIC, post=selon(METHODE), parametres={"q": "Commune"}),
    # --- Notifications (fonds/notifications/urls.py) ---
    "notifications:liste": Page(
        get=CONNECTE, post=connecte(METHODE), visible=_notifications_visibles
    ),
    "notifications:tout_marquer_lu": Page(
        get=connecte(METHODE), post=connecte(REDIRIGE), etat=_etat_notifications
    ),
    # --- Financement : tableau de bord public (fonds/financement/urls.py) ---
    "financement:tableau_de_bord": Page(get=PUBLIC, post=selon(METHODE)),
    "financement:donnees_ouvertes_csv": Page(get=PUBLIC, post=selon(METHODE)),
    "financement:donnees_ouvertes_json": Page(get=PUBLIC, post=selon(METHODE)),
    # Chaque subvention au schéma national (SCDL), publique comme le tableau de bord.
    "financement:subventions_scdl_csv": Page(get=PUBLIC, post=selon(METHODE)),
    "financement:subventions_scdl_json": Page(get=PUBLIC, post=selon(METHODE)),
    # --- Financement : enveloppes ---
    "financement:enveloppes": Page(
        get=_liste_financement(), post=connecte(METHODE), visible=_enveloppes_visibles
    ),
    "financement:enveloppe": Page(
        get=_hors_perimetre(ENVELOPPES_DX, OK),
        post=connecte(METHODE),
        kwargs=_enveloppe_dx,
        visible=_enveloppe_dx_visible,
    ),
    "financement:creer_enveloppe_fille": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(ENVELOPPES_DX, REDIRIGE),
        kwargs=_enveloppe_dx,
        donnees=lambda m: {
            "nom": "Guichet du département X",
            "nature": "guichet",
            "region": "",
            "departement": "",
            "montant": "1000,00",
            "motif": "Guichet numérique de X",
        },
        etat=_etat_enveloppes,
    ),
    "financement:retourner_credits": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(ENVELOPPES_DX, REDIRIGE),
        kwargs=_enveloppe_dx,
        donnees=lambda m: {"retour-montant": "1000,00", "retour-motif": "Crédits non utilisés"},
        etat=_etat_enveloppes,
    ),
    # Redéployer entre deux départements sœurs : c'est la région (le parent) qui décide.
    "financement:redeployer_credits": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(
            ("instructeur_region", "administrateur"),
            REDIRIGE,
            instructeur_dx=INTERDIT,
            instructeur_dx_conflit=INTERDIT,
        ),
        kwargs=_enveloppe_dx,
        donnees=lambda m: {
            "redeploiement-destination": m.financement.enveloppe_dy.pk,
            "redeploiement-montant": "1000,00",
            "redeploiement-motif": "Besoins plus forts en Y",
        },
        etat=_etat_enveloppes,
    ),
    # Une subvention naît d'un dossier accepté ; hors dossier, l'administrateur seul, motivé.
    "financement:attribuer_exceptionnellement": Page(
        get=connecte(METHODE),
        post=pour(("administrateur",), REDIRIGE),
        kwargs=_enveloppe_dx,
        donnees=_attribution,
        etat=_etat_subventions,
    ),
    # --- Financement : subventions ---
    "financement:subventions": Page(
        get=_liste_financement(), post=connecte(METHODE), visible=_subventions_visibles
    ),
    "financement:mes_subventions": Page(
        get=CONNECTE, post=connecte(METHODE), visible=_mes_subventions_visibles
    ),
    "financement:exporter_subventions_csv": Page(
        get=_liste_financement(), post=connecte(METHODE), visible=_subventions_visibles
    ),
    "financement:exporter_subventions_xlsx": Page(
        get=_liste_financement(), post=connecte(METHODE), visible=_subventions_visibles
    ),
    "financement:subvention": Page(
        get=_hors_perimetre(VOIT_SUBVENTION_A, OK),
        post=connecte(METHODE),
        kwargs=_subvention_a,
        visible=_subvention_a_visible,
    ),
    "financement:emettre_convention": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(GERE_DX, REDIRIGE, membre_a=INTERDIT),
        kwargs=_subvention_a,
        etat=_etat_subventions,
    ),
    "financement:deposer_convention_signee": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(("membre_a",), REDIRIGE, **dict.fromkeys(GERE_DX, INTERDIT)),
        kwargs=_subvention_a,
        donnees=lambda m: {"fichier": pdf_signe()},
        etat=_etat_subventions,
    ),
    "financement:contresigner_convention": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(GERE_DX, REDIRIGE, membre_a=INTERDIT),
        kwargs=_subvention_a,
        etat=_etat_subventions,
    ),
    # Sur la subvention B (contresignée, en paiement) : la préfecture de Y, jamais celle de X.
    "financement:enregistrer_versement": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(GERE_DY, REDIRIGE, membre_b=INTERDIT),
        kwargs=_subvention_b,
        donnees=lambda m: {
            "type": "acompte",
            "montant": "1000,00",
            "date": "2025-03-01",
            "reference": "ACOMPTE-B-1",
        },
        etat=_etat_subventions,
    ),
    "financement:annuler_subvention": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(GERE_DX, REDIRIGE, membre_a=INTERDIT),
        kwargs=_subvention_a,
        donnees=lambda m: {"motif": "Projet abandonné par la commune."},
        etat=_etat_subventions,
    ),
    "financement:prononcer_decheance": Page(
        get=connecte(METHODE),
        post=_hors_perimetre(GERE_DX, REDIRIGE, membre_a=INTERDIT),
        kwargs=_subvention_a,
        donnees=lambda m: {"motif": "Délai de réalisation dépassé."},
        etat=_etat_subventions,
    ),
    "financement:telecharger_convention": Page(
        get=pour(VOIT_SUBVENTION_A, OK),
        post=connecte(METHODE),
        kwargs=lambda m: {"uuid": m.financement.convention_a.uuid},
    ),
    "financement:telecharger_convention_signee": Page(
        get=pour(VOIT_SUBVENTION_A, OK),
        post=connecte(METHODE),
        kwargs=lambda m: {"uuid": m.financement.convention_a.uuid},
    ),
    # --- Guichets et dossiers (fonds/dossiers/urls.py) ---
    # Les guichets ouverts et leurs règles sont publics ; un agent y voit aussi ceux qu'il
    # instruit. La page d'un guichet donne à un membre le verdict pour ses collectivités.
    "dossiers:guichets": Page(
        get=PUBLIC,
        post=selon(METHODE),
        visible=_guichets_instruits_visibles,
        parametres={"axe": "", "type_projet": "etude", "departement": "DX"},
    ),
    "dossiers:guichet": Page(
        get=PUBLIC, post=selon(METHODE), kwargs=_guichet_dx, visible=_verdicts_visibles
    ),
    # Seul un membre vérifié ouvre un dossier, pour sa collectivité (ici la commune A).
    "dossiers:commencer": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), REDIRIGE),
        kwargs=_guichet_dx,
        donnees=lambda m: {"collectivite": m.territoire["a"].pk},
        etat=_etat_dossiers,
    ),
    "dossiers:instruction": Page(
        get=pour(GUICHET_DX, OK),
        post=connecte(METHODE),
        kwargs=_guichet_dx,
        visible=_liste_instruction_visible,
    ),
    "dossiers:export_csv": Page(
        get=pour(GUICHET_DX, OK),
        post=connecte(METHODE),
        kwargs=_guichet_dx,
        visible=_liste_instruction_visible,
    ),
    "dossiers:export_xlsx": Page(
        get=pour(GUICHET_DX, OK),
        post=connecte(METHODE),
        kwargs=_guichet_dx,
        visible=_liste_instruction_visible,
    ),
    "dossiers:m_attribuer_selection": Page(
        get=connecte(METHODE),
        post=pour(INSTRUCTEURS_DX, REDIRIGE),
        kwargs=_guichet_dx,
        donnees=_action_groupee,
        etat=_etat_dossiers,
    ),
    "dossiers:instruire_selection": Page(
        get=connecte(METHODE),
        post=pour(INSTRUCTEURS_DX, REDIRIGE),
        kwargs=_guichet_dx,
        donnees=_action_groupee,
        etat=_etat_dossiers,
    ),
    "dossiers:dossier": Page(
        get=pour(VOIENT_DEPOSE_A, OK, sinon=INTROUVABLE) | DEPORTE_A,
        post=connecte(METHODE),
        kwargs=_uuid("depose_a"),
        visible=_dossier_visible,
    ),
    "dossiers:lettre_decision": Page(
        get=pour(VOIENT_DEPOSE_A, OK, sinon=INTROUVABLE) | DEPORTE_A,
        post=connecte(METHODE),
        kwargs=_uuid("decide_a"),
    ),
    # Le brouillon n'appartient qu'à la collectivité : 404 pour tous les autres, agents compris.
    "dossiers:modifier": Page(
        get=pour(("membre_a",), OK, sinon=INTROUVABLE),
        post=pour(("membre_a",), REDIRIGE, sinon=INTROUVABLE),
        kwargs=_uuid("brouillon_a"),
        donnees=_formulaire_dossier,
        etat=_etat_dossiers,
    ),
    "dossiers:autosauvegarde": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), OK, sinon=INTROUVABLE),
        kwargs=_uuid("brouillon_a"),
        donnees=_formulaire_dossier,
        etat=_etat_dossiers,
        acceptee=OK,
    ),
    "dossiers:deposer": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), REDIRIGE, sinon=INTROUVABLE),
        kwargs=_uuid("brouillon_a"),
        donnees=_formulaire_dossier,
        etat=_etat_dossiers,
    ),
    # Les agents voient le dossier déposé mais ne le modifient pas : 403.
    "dossiers:repondre_complements": Page(
        get=connecte(METHODE),
        post=pour(INSTRUCTEURS_DX, INTERDIT, sinon=INTROUVABLE)
        | {"membre_a": REDIRIGE}
        | DEPORTE_A,
        kwargs=_uuid("complements_a"),
        donnees=lambda m: {**_formulaire_dossier(m), "reponse": "Délibération jointe."},
        etat=_etat_dossiers,
    ),
    "dossiers:demander_complements": _action_d_agent(
        _uuid("depose_a"),
        lambda m: {"message": "Joindre le budget prévisionnel.", "avant": "2099-01-31"},
    ),
    # Le fil de messages : la collectivité et les agents du dossier.
    "dossiers:envoyer_message": Page(
        get=connecte(METHODE),
        post=pour(VOIENT_DEPOSE_A, REDIRIGE, sinon=INTROUVABLE) | DEPORTE_A,
        kwargs=_uuid("depose_a"),
        donnees=lambda m: {"corps": "Où en est notre dossier ?"},
        etat=_etat_dossiers,
    ),
    "dossiers:annoter": _action_d_agent(
        _uuid("depose_a"), lambda m: {"texte": "Vérifier le plan de financement."}
    ),
    "dossiers:instruire": _action_d_agent(_uuid("depose_a")),
    "dossiers:accepter": _action_d_agent(
        _uuid("en_instruction_a"), lambda m: {"motivation": "Projet conforme."}
    ),
    "dossiers:refuser": _action_d_agent(
        _uuid("en_instruction_a"), lambda m: {"motivation": "Hors du périmètre du fonds."}
    ),
    "dossiers:classer": _action_d_agent(
        _uuid("en_instruction_a"), lambda m: {"motivation": "Projet abandonné."}
    ),
    "dossiers:attribuer": _action_d_agent(
        _uuid("depose_a"), lambda m: {"instructeur": m.roles["instructeur_dx"].pk}
    ),
    "dossiers:etiqueter": _action_d_agent(_uuid("depose_a"), lambda m: {"tags": "numérique"}),
    # Un pas d'instruction d'une sorte de guichet (tests/dossiers/sorte_essai) : son prédicat
    # l'ouvre aux instructeurs du dossier.
    "dossiers:franchir_etape": _action_d_agent(
        lambda m: {"uuid": m.etape_a.uuid, "transition": "preselectionner"},
        lambda m: {"commentaire": "Dossier complet."},
    ),
    # Une pièce : pour qui voit le dossier ; le contenu est le PDF déposé.
    "dossiers:piece": Page(
        get=pour(VOIENT_DEPOSE_A, OK, sinon=INTROUVABLE),
        post=connecte(METHODE),
        kwargs=_uuid("piece_a"),
        visible=lambda m: {"%PDF-1.4": VOIENT_DEPOSE_A},
    ),
    # Retirer une pièce du brouillon : la collectivité seulement (les agents ne le voient pas).
    "dossiers:retirer_piece": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), REDIRIGE, sinon=INTROUVABLE),
        kwargs=_uuid("piece_brouillon_a"),
        etat=_etat_dossiers,
    ),
    # --- allauth : comptes (allauth.account, sous /comptes/) ---
    "account_login": Page(get=ANONYME_SEULEMENT, post=ANONYME_SEULEMENT),
    "account_logout": Page(get=selon(OK, anonyme=REDIRIGE), post=selon(REDIRIGE)),
    "account_inactive": Page(*GET_SEULEMENT_PUBLIC),
    "account_signup": Page(get=ANONYME_SEULEMENT, post=ANONYME_SEULEMENT),
    "account_reauthenticate": Page(get=CONNECTE, post=CONNECTE),
    "account_email": Page(get=CONNECTE, post=connecte(REDIRIGE)),
    "account_email_verification_sent": Page(*GET_SEULEMENT_PUBLIC),
    "account_change_password": Page(get=CONNECTE, post=CONNECTE),
    # Sans mot de passe à définir (les comptes en ont un), renvoie au changement de mot de passe.
    "account_set_password": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "account_reset_password": Page(get=PUBLIC, post=PUBLIC),
    # Sans connexion par code en cours : renvoie à la connexion.
    "account_confirm_login_code": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    # Une clé inconnue : page « lien invalide » en GET, 404 en POST.
    "account_confirm_email": Page(
        get=PUBLIC, post=selon(INTROUVABLE), kwargs=lambda m: {"key": "cle-inconnue"}
    ),
    "account_reset_password_from_key_done": Page(*GET_SEULEMENT_PUBLIC),
    "account_reset_password_from_key": Page(
        get=PUBLIC, post=PUBLIC, kwargs=lambda m: {"uidb36": "0", "key": "cle-inconnue"}
    ),
    "account_reset_password_done": Page(*GET_SEULEMENT_PUBLIC),
    # --- allauth : double authentification (allauth.mfa) ; aucun rôle n'a encore de TOTP ---
    "mfa_index": Page(get=CONNECTE, post=connecte(METHODE)),
    "mfa_authenticate": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "mfa_reauthenticate": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    # Activer le TOTP demande de se ré-authentifier d'abord.
    "mfa_activate_totp": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "mfa_deactivate_totp": Page(get=connecte(INTROUVABLE), post=connecte(INTROUVABLE)),
    "mfa_view_recovery_codes": Page(get=connecte(INTROUVABLE), post=connecte(METHODE)),
    "mfa_generate_recovery_codes": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "mfa_download_recovery_codes": Page(get=connecte(INTROUVABLE), post=connecte(INTROUVABLE)),
    # --- allauth : comptes tiers (allauth.socialaccount) ---
    "socialaccount_login_cancelled": Page(*GET_SEULEMENT_PUBLIC),
    "socialaccount_login_error": Page(get=connecte("401"), post=connecte(METHODE)),
    # Sans connexion tierce en cours : renvoie à la connexion.
    "socialaccount_signup": Page(get=selon(CONNEXION), post=selon(CONNEXION)),
    "socialaccount_connections": Page(get=CONNECTE, post=CONNECTE),
    # Anciennes adresses d'allauth (/social/…), redirigées vers /3rdparty/… .
    "comptes/social/login/cancelled/": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "comptes/social/login/error/": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "comptes/social/signup/": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    "comptes/social/connections/": Page(get=connecte(REDIRIGE), post=connecte(REDIRIGE)),
    # --- ProConnect (fonds/proconnect) : inactif tant qu'il n'est pas configuré (404) ---
    "proconnect_login": Page(get=selon(INTROUVABLE), post=selon(INTROUVABLE)),
    "proconnect_callback": Page(get=selon(INTROUVABLE), post=selon(INTROUVABLE)),
    "proconnect_logout_callback": Page(get=selon(REDIRIGE), post=selon(REDIRIGE)),
}


def _pages_des_axes() -> None:
    """Les lignes que déclarent les axes (tests/preuves/axes/) rejoignent la table."""
    from . import axes

    for module in axes.modules():
        doublons = set(module.PAGES) & set(PAGES)
        if doublons:
            raise ValueError(f"{module.__name__} redéclare {sorted(doublons)}")
        PAGES.update(module.PAGES)


_pages_des_axes()

__all__ = ["INVALIDE", "PAGES", "Page", "connecte", "pour", "selon"]
