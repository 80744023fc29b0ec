from __future__ import annotations

import pytest

SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"


@pytest.fixture
def seed() -> str:
    return SEED
