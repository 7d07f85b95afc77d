"""Fault tests start throwaway servers of their own (redis-server, initdb + pg_ctl); they never
stop the machine's shared services. The throwaway Redis is the outbox tests' (not duplicated)."""

from tests.notifications.test_outbox import private_redis  # noqa: F401  (a fixture)
