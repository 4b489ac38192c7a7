import pytest


@pytest.fixture
def require_2fa(settings):
    settings.DESK_REQUIRE_2FA = True
