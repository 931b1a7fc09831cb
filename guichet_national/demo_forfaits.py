"""Démonstration (commande `demo`) : le guichet à forfait FranceConnect / API, son enveloppe
fille de l'axe 2 ; Dijon et la Côte-d'Or ont chacune leur forfait FranceConnect et leur forfait
API, ce qui épuise l'enveloppe ; Dijon Métropole attend en liste d'attente. Beaune n'a rien
demandé : c'est elle qui essaie le guichet (une délégation de crédits sert d'abord la liste
d'attente)."""

import datetime

from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.comptes.models import User

SLUG = "franceconnect-api"

#: (e-mail, nature, code, sorte, service, démarche ou API)
DEMANDES = [
    (
        "dsi@dijon.demo.fr",
        Nature.COMMUNE,
        "21231",
        "franceconnect",
        "Inscriptions scolaires",
        "Inscription à la cantine",
    ),
    ("dsi@dijon.demo.fr", Nature.COMMUNE, "21231", "api", "Aides sociales", "api_particulier"),
    (
        "numerique@cotedor.demo.fr",
        Nature.DEPARTEMENT,
        "21",
        "franceconnect",
        "Portail APA",
        "Demande d'allocation personnalisée d'autonomie",
    ),
    (
        "numerique@cotedor.demo.fr",
        Nature.DEPARTEMENT,
        "21",
        "api",
        "Marchés publics",
        "api_entreprise",
    ),
    (
        "dsi@dijon.demo.fr",
        Nature.EPCI,
        "242100410",
        "franceconnect",
        "Déchetterie en ligne",
        "Badge d'accès aux déchetteries",
    ),
]


def demo(contexte) -> None:
    from fonds.dossiers.models import Guichet
    from fonds.financement import services as argent
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe

    from .models.forfaits import ApiNationale, DemandeForfait
    from .services.forfaits import demander_forfait
    from .services.forfaits_guichet import FORFAIT, ouvrir_guichet_forfait

    admin = User.objects.get(email="admin@demo.fonds.gouv.fr")
    guichet = Guichet.objects.filter(slug=SLUG).first()
    if guichet is None:
        enveloppe = argent.creer_enveloppe(
            parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2),
            nom="Axe 2 — Forfaits FranceConnect / API",
            nature=NatureEnveloppe.GUICHET,
            montant=FORFAIT * 4,
            motif="Enveloppe du guichet à forfait (démonstration : quatre forfaits)",
            par=admin,
        )
        guichet = ouvrir_guichet_forfait(
            nom="Forfaits FranceConnect et API nationales",
            slug=SLUG,
            enveloppe=enveloppe,
            ouverture=timezone.now() - datetime.timedelta(days=60),
        )
    ApiNationale.objects.garantir_celles_de_depart()
    aujourd_hui = timezone.localdate()
    for email, nature, code, sorte, service, quoi in DEMANDES:
        cle = {"siren": code} if len(code) == 9 else {"code_insee": code}
        collectivite = Collectivite.objects.get(nature=nature, **cle)
        if DemandeForfait.objects.filter(guichet=guichet, collectivite=collectivite, sorte=sorte):
            continue
        demander_forfait(
            guichet=guichet,
            collectivite=collectivite,
            par=User.objects.get(email=email),
            sorte=sorte,
            service_nom=service,
            service_url=f"https://demarches.{code}.demo.fr/{sorte}",
            date_cible=aujourd_hui + datetime.timedelta(days=90),
            demarche=quoi if sorte == "franceconnect" else "",
            api=ApiNationale.objects.get(code=quoi) if sorte == "api" else None,
            reference_datapass=f"DP-{code}-{sorte[:2].upper()}",
            etat_datapass="obtenue",
            contact_nom="Équipe technique",
            contact_email=email,
            maintien_en_production=True,
        )
    contexte.adresses.append(
        ("Guichet à forfait FranceConnect / API", f"/national/forfaits/{SLUG}/")
    )
    contexte.adresses.append(
        ("Demandes de forfait (DINUM)", f"/national/forfaits/{SLUG}/demandes/")
    )
