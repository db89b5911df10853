"""One parser for every number a client sends: query parameters, ids in forms and links."""

# The largest primary key a bigint column holds: a larger number never reaches SQL.
MAX_ID = 2**63 - 1


def whole_number(value, maximum=MAX_ID):
    """``value`` as an int when it is ASCII digits only and at most ``maximum``; else None.

    ``str.isdigit()`` is true for "²" and "٣", which ``int()`` then refuses or reads
    as a number nobody typed: here both are simply not a number.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if number <= maximum else None


def page_number(value):
    """A page asked for in ``?page=``: 1 for anything that is not a whole number."""
    return whole_number(value) or 1
