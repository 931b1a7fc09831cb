"""Le cache Redis de Django, sans recréer un client Redis à chaque opération.

Le client de Django (`RedisCacheClient.get_client`) construit un objet `redis.Redis` pour
chaque lecture ou écriture ; avec redis-py 8, ce constructeur recopie plus de 150 fonctions
de réponse, soit ~0,3 ms par opération, et une page servie du cache en fait trois ou quatre
(session, version, page). Un objet par pool de connexions suffit : `redis.Redis` emprunte une
connexion au pool à chaque commande, il se partage entre fils d'exécution.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ClientRedisPartage(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class CacheRedis(RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, avec un client Redis par pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientRedisPartage
