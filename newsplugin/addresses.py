"""What the database keeps of a reader's IP address.

Never the full address: ``NEWSPLUGIN_COMMENT_IP_STORAGE`` chooses between
truncating it (IPv4 /24, IPv6 /48) and a keyed hash.
"""

import ipaddress

from django.utils.crypto import salted_hmac

from .conf import conf

IP_TRUNCATE = "truncate"
IP_HASH = "hash"
IP_STORAGE_CHOICES = (IP_TRUNCATE, IP_HASH)
# A hashed address is written as an IPv6 address in the unique-local range
# fd00::/8, so that it fits the IP column on every database and equal
# addresses still match (spam learning, flood control) without being reversible.
_HASHED_PREFIX = 0xFD << 120


def stored_ip_address(address):
    """What the database keeps of a reader's ``address`` (None when it is not an IP)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if conf.COMMENT_IP_STORAGE == IP_HASH:
        digest = salted_hmac(
            "newsplugin.privacy.ip_address", ip.packed, algorithm="sha256"
        ).digest()
        value = _HASHED_PREFIX | (int.from_bytes(digest[:15], "big"))
        return str(ipaddress.IPv6Address(value))
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
