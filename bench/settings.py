"""The project's settings plus one URL: a minimal logged-in view, the floor the bench measures
pages against (bench/appraisal.py). Never used outside bench/."""

from thidua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
