import pytest

from tests.consultation.monde import construire
from tests.financement.conftest import fonds  # noqa: F401


@pytest.fixture
def monde_consultation(territoire, roles):
    class M:
        pass

    m = M()
    m.territoire, m.roles = territoire, roles
    m.axes = {}
    m.axes["consultation"] = construire(m)
    return m.axes["consultation"]
