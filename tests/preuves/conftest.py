import pytest

from tests.preuves.monde import construire_monde


@pytest.fixture
def monde(territoire, roles):
    return construire_monde(territoire, roles)
