"""A reader's IP address: where it comes from, what is matched, what is stored.

- ``client_address(request)`` is the one place that decides who sent a request:
  ``REMOTE_ADDR``, or behind a trusted proxy (``NEWSPLUGIN_TRUSTED_PROXIES``)
  the right-most ``X-Forwarded-For`` address that is not itself a trusted proxy.
- ``address_key(address)`` is a keyed hash (HMAC, key derived from
  ``SECRET_KEY``) of the full address: flood control and learned spam match on
  it, so one reader is never confused with a neighbour on the same /24.
- ``email_key(email)`` is the form every lookup by email compares (stored,
  indexed, on the plugin's own table).
- ``stored_ip_address(address)`` is what people see in the queue: never the full
  address; ``NEWSPLUGIN_COMMENT_IP_STORAGE`` chooses between truncating it
  (IPv4 /24, IPv6 /48) and a keyed hash.

``client_address`` is a few lines of our own rather than django-ipware: that
package's rules have changed between major versions (its 7.x function matched
trusted proxies by string prefix and preferred the left-most, client-written
address; a different engine has replaced it since) and it consults several
headers. What is needed here is one rule, documented and pinned by tests, with
no new dependency.
"""

import ipaddress

from django.utils.crypto import salted_hmac

from .conf import conf

IP_TRUNCATE = "truncate"
IP_HASH = "hash"
IP_STORAGE_CHOICES = (IP_TRUNCATE, IP_HASH)
# A hashed address is written as an IPv6 address in the unique-local range
# fd00::/8, so that it fits the IP column on every database and equal
# addresses still match without being reversible.
_HASHED_PREFIX = 0xFD << 120


def parse_ip(value):
    """``value`` as an ``ipaddress`` object (IPv4-mapped IPv6 as IPv4), or None."""
    try:
        ip = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def trusted_proxy_networks(entries=None):
    """``NEWSPLUGIN_TRUSTED_PROXIES`` as networks; raises ValueError on a bad entry."""
    entries = conf.TRUSTED_PROXIES if entries is None else entries
    if isinstance(entries, str):
        raise ValueError("a list of addresses or networks, not one string")
    return [ipaddress.ip_network(str(entry).strip(), strict=False) for entry in entries]


def _is_trusted(ip, networks):
    return any(ip.version == net.version and ip in net for net in networks)


def client_address(request):
    """The address of the reader who sent ``request`` (a string), or None.

    ``X-Forwarded-For`` is read only when the direct peer is a trusted proxy, and
    then from the right: each trusted proxy appends the address it saw, so the
    first untrusted address from the right is the one no client could forge. A
    header that cannot be parsed there leaves the proxy's own address.
    """
    peer = parse_ip(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    try:
        networks = trusted_proxy_networks()
    except (TypeError, ValueError):  # reported by the system check newsplugin.E015
        networks = []
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    nearest = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        ip = parse_ip(hop)
        if ip is None:
            break
        if not _is_trusted(ip, networks):
            return str(ip)
        nearest = ip
    # Only trusted hops (a request from inside the proxies' network), or a broken header.
    return str(nearest)


def address_key(address):
    """A keyed hash of the full ``address``, for matching only ("" when it is not an IP)."""
    ip = parse_ip(address)
    if ip is None:
        return ""
    return salted_hmac("newsplugin.addresses.match", ip.packed, algorithm="sha256").hexdigest()


def email_key(email):
    """``email`` as lookups compare it: without surrounding space, in lower case."""
    return (email or "").strip().lower()


def stored_ip_address(address):
    """What the database keeps of a reader's ``address`` (None when it is not an IP)."""
    ip = parse_ip(address)
    if ip is None:
        return None
    if conf.COMMENT_IP_STORAGE == IP_HASH:
        digest = salted_hmac(
            "newsplugin.privacy.ip_address", ip.packed, algorithm="sha256"
        ).digest()
        value = _HASHED_PREFIX | (int.from_bytes(digest[:15], "big"))
        return str(ipaddress.IPv6Address(value))
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
