"""Analyse antivirus des pièces jointes : un moteur interchangeable (réglage
`ANTIVIRUS_BACKEND`). clamd n'est utilisé que s'il est configuré (`CLAMD_SOCKET` ou
`CLAMD_HOST`)."""

import socket
import struct

from django.conf import settings
from django.utils.module_loading import import_string

from .enums import StatutAnalyse

SIGNATURE_EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class SansAntivirus:
    """Aucun antivirus configuré : la pièce est marquée « non analysée »."""

    def analyser(self, fichier) -> str:
        return StatutAnalyse.NON_ANALYSEE


class FauxAntivirus:
    """Pour les tests : infecté si le fichier contient la signature de test EICAR."""

    def analyser(self, fichier) -> str:
        contenu = fichier.read()
        return StatutAnalyse.INFECTEE if SIGNATURE_EICAR in contenu else StatutAnalyse.SAINE


class Clamd:
    """Le démon ClamAV, par le protocole INSTREAM (socket Unix ou TCP)."""

    def __init__(self):
        self.socket_unix = getattr(settings, "CLAMD_SOCKET", None)
        self.hote = getattr(settings, "CLAMD_HOST", None)
        self.port = int(getattr(settings, "CLAMD_PORT", 3310))

    def _connexion(self):
        if self.socket_unix:
            connexion = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connexion.connect(self.socket_unix)
            return connexion
        return socket.create_connection((self.hote, self.port), timeout=60)

    def analyser(self, fichier) -> str:
        with self._connexion() as connexion:
            connexion.sendall(b"zINSTREAM\0")
            for bloc in iter(lambda: fichier.read(64 * 1024), b""):
                connexion.sendall(struct.pack("!L", len(bloc)) + bloc)
            connexion.sendall(struct.pack("!L", 0))
            reponse = connexion.recv(4096).strip(b"\0").decode()
        if reponse.endswith("OK"):
            return StatutAnalyse.SAINE
        if reponse.endswith("FOUND"):
            return StatutAnalyse.INFECTEE
        raise OSError(f"Réponse inattendue de clamd : {reponse}")


def antivirus():
    return import_string(settings.ANTIVIRUS_BACKEND)()
