"""A Redis cache that a site survives losing.

Django's ``RedisCache`` raises on every call while Redis is unreachable, and
Wagtail reads its list of sites from the default cache before it serves any
page, so a Redis outage would answer every request with HTTP 500. Configure
``DegradingRedisCache`` instead (same ``LOCATION`` and ``OPTIONS``, plus socket
timeouts so that a hung Redis cannot hold a request)::

    CACHES = {"default": {
        "BACKEND": "newsplugin.cache.backends.DegradingRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}

While Redis is down it behaves as an empty cache that forgets what it is told
(pages render from the database) except for ``add()``, which flood control
uses to count posts: that falls back to this process's memory, so the limit
still holds per worker. The outage is logged once, and so is the recovery;
after a failure Redis is left alone for a few seconds.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from ..outage import Outage

outage = Outage("Redis (the shared cache)")
flood_outage = Outage("The flood-control cache")
# What add() counts while the shared cache is unreachable: this process only.
_this_process = LocMemCache("newsplugin-outage-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def claim(cache, key, timeout):
    """Store ``key`` unless it is there already; True when this call stored it.

    ``cache.add`` is atomic on Redis, so two servers cannot both claim a key. When
    the cache raises instead, this process's memory answers (and the log says so
    once): a limit that holds per worker is better than refusing every post, or
    answering HTTP 500.
    """
    try:
        claimed = cache.add(key, 1, timeout=timeout)
    except Exception as error:  # any backend's connection error
        flood_outage.failed(error)
        return _this_process.add(key, 1, timeout=timeout)
    flood_outage.recovered()
    return claimed


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django's makes a new ``redis.Redis`` for every cache call, which costs about as
    much as the round trip to Redis; the client is thread-safe and its pool looks
    after its connections (after a fork too), so one per pool serves every call.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django keeps its pools
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """``RedisCache`` that answers like an empty cache while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        import redis  # as Django's own RedisCacheClient does: only when configured

        self._unreachable = (redis.ConnectionError, redis.TimeoutError, OSError)

    def _call(self, operation, fallback, *args, **kwargs):
        if outage.should_skip():
            return fallback()
        try:
            result = operation(*args, **kwargs)
        except self._unreachable as error:
            outage.failed(error)
            return fallback()
        outage.recovered()
        return result

    def get(self, key, default=None, version=None):
        return self._call(super().get, lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, lambda: False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, lambda: list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        def in_this_process():
            seconds = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
            return _this_process.add(self.make_and_validate_key(key, version), value, seconds)

        return self._call(super().add, in_this_process, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._call(super().clear, lambda: None)
