"""Le programme national d'investigations (axe 1) dans la matrice.

Le monde (tests/consultation/monde_investigations.py) : un guichet du programme, un dossier de
la commune A accepté par l'ANCT, un tour en recueil. Les pages du dossier sont celles du socle
(sa matrice les couvre) ; l'axe ajoute le bouton qui sème une proposition : seul un membre
vérifié de A le peut (les autres : 403, rien d'écrit) ; en GET, 405."""

from consultation.models import Proposition
from tests.consultation.monde_investigations import construire  # noqa: F401
from tests.preuves.monde import METHODE, REDIRIGE
from tests.preuves.pages import Page, connecte, pour

PAGES = {
    "consultation:semer": Page(
        get=connecte(METHODE),
        post=pour(("membre_a",), REDIRIGE),
        kwargs=lambda m: {"uuid": m.axes["investigations"]["accepte"].uuid},
        donnees=lambda m: {},
        etat=lambda m: sorted(
            Proposition.objects.filter(investigation__isnull=False).values_list("pk", "tour_id")
        ),
    ),
}
