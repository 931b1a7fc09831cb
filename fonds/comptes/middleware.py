"""Connexion obligatoire par défaut, sans rien lire pour une vue publique."""

from django.contrib.auth.middleware import LoginRequiredMiddleware


class ConnexionObligatoireMiddleware(LoginRequiredMiddleware):
    """`LoginRequiredMiddleware` de Django, qui regarde la personne avant la vue : pour une vue
    marquée `login_not_required`, il lirait la session et la personne pour rien. Ici, la vue
    publique passe d'abord ; les autres sont traitées comme par Django."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
