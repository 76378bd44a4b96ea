import re


def valid(address):
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", address.strip().lower()))


def invite(addresses):
    """The addresses worth inviting (valid ones, lower-cased, without duplicates, in order)."""
    seen = []
    for address in addresses:
        if valid(address) and address.strip().lower() not in seen:
            seen.append(address.strip().lower())
    return seen
