"""Shared test set-up: hypothesis profiles chosen by HYPOTHESIS_PROFILE (dev, ci)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=timedelta(seconds=5),
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# ``tests/adapters/_pg.py`` (the PostgreSQL test server and throw-away schemas) is shared by
# the adapter, desk and fuzz tests: ``import _pg`` from any of them.
sys.path.insert(0, str(Path(__file__).parent / "adapters"))
