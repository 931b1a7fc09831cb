"""Le cache Redis du portail (fonds/cache_redis.py) : un client Redis par pool, pas un par
opération, et le même comportement que celui de Django. Contre le vrai Redis quand
REDIS_URL est défini (CI) ; sinon ignoré, avec la raison."""

import os
import uuid

import pytest

from fonds.cache_redis import CacheRedis

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="Redis n'est pas configuré (REDIS_URL).")


@pytest.fixture
def cache():
    return CacheRedis(REDIS_URL, {"KEY_PREFIX": f"test-cache-redis-{uuid.uuid4().hex}"})


def test_un_seul_client_redis_par_pool(cache):
    lecture = cache._cache.get_client("cle")
    assert cache._cache.get_client("autre") is lecture
    assert cache._cache.get_client("cle", write=True) is lecture  # un seul serveur : un pool


def test_se_comporte_comme_le_cache_de_django(cache):
    assert cache.get("absente") is None
    assert cache.add("cle", {"a": 1}, timeout=30)
    assert not cache.add("cle", "autre", timeout=30)
    assert cache.get("cle") == {"a": 1}
    cache.set_many({"x": 1, "y": 2}, timeout=30)
    assert cache.get_many(["x", "y", "z"]) == {"x": 1, "y": 2}
    assert cache.incr("x") == 2
    cache.delete_many(["x", "y", "cle"])
    assert cache.get_many(["x", "y", "cle"]) == {}
