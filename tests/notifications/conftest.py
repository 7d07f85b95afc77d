from tests.appraisal.conftest import eager_tasks  # noqa: F401  (shared fixture)
