"""ProConnect, la fédération d'identité des agents publics, comme fournisseur d'allauth.

Installée seulement quand PROCONNECT_CLIENT_ID est défini (voir `fonds/settings/base.py`).
"""
