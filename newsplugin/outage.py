"""Telling the log once when a service the site leans on (Redis, the database) fails.

A site under load that loses Redis would otherwise write a traceback for every
request. An ``Outage`` logs the first failure as a warning and the recovery as
information, and asks callers to leave the service alone for a few seconds
after a failure, so that a dead or hung server costs each request nothing.
"""

import logging
import threading
import time

logger = logging.getLogger("newsplugin.outage")


class Outage:
    """The state of one service in this process: up, or down since a failure."""

    every = []  # so that tests can start each case with every service up

    def __init__(self, service, retry_after=5.0):
        Outage.every.append(self)
        self.service = service
        self.retry_after = retry_after
        self._down_since = None
        self._last_failure = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self):
        return self._down_since is not None

    def should_skip(self):
        """True for a few seconds after a failure: answer without the service."""
        return self.is_down and time.monotonic() - self._last_failure < self.retry_after

    def failed(self, error):
        with self._lock:
            self._last_failure = time.monotonic()
            if self._down_since is not None:
                return
            self._down_since = self._last_failure
        logger.warning(
            "%s is unavailable (%s: %s); answering without it until it is back",
            self.service,
            type(error).__name__,
            error,
        )

    def reset(self):
        self._down_since = None
        self._last_failure = 0.0

    def recovered(self):
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            logger.info("%s is back after %.1f s", self.service, time.monotonic() - since)
