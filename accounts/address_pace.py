"""One address guessing at many accounts is slowed down, never locked out.

An address is shared: everyone behind a council's network or the portal's own proxy has the
same one, so a lock on it would be a switch any visitor there could throw against all the
others. Instead, once an address has had LOGIN_ADDRESS_FREE_FAILURES failed sign-ins (at
any accounts, in the lock's window), each further attempt from it waits twice as long after
the address's last failure as the one before, up to LOGIN_ADDRESS_MOST_WAIT_SECONDS. A
script trying one password against every account gets a guess a minute; a person there
waits a minute at most, and not at all in a browser that has signed in before
(accounts.known_browsers).

The failures are the ones the account lock records (axes' AccessAttempt rows, one per
account, address and browser, with its latest failure), so nothing is counted twice; axes
removes them when the lock's window has passed.
"""

import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from .clients import client_ip
from .limits import lockout_period


def wait_delay(failures: int) -> int:
    """The seconds an address must wait after its last failure, for so many failures."""
    beyond = failures - settings.LOGIN_ADDRESS_FREE_FAILURES
    if beyond < 0:
        return 0
    most = settings.LOGIN_ADDRESS_MOST_WAIT_SECONDS
    return most if beyond >= most.bit_length() else min(2**beyond, most)


def seconds_to_wait(request) -> int:
    """How long, in whole seconds, an attempt from the request's address must still wait."""
    address = client_ip(request)
    if address is None:
        return 0
    now = timezone.now()
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gt=now - lockout_period()
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    delay = wait_delay(recent["failures"] or 0)
    if not delay:
        return 0
    return max(0, math.ceil(delay - (now - recent["last"]).total_seconds()))
