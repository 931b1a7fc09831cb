from tests.financement.conftest import fonds  # noqa: F401
