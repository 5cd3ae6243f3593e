import pytest


@pytest.fixture
def demo_pool(db):
    from meervoud.demo.pool import load_demo_pool
    from meervoud.demo.services import create_demo_accounts

    create_demo_accounts()
    load_demo_pool("geheim-wachtwoord-1")
