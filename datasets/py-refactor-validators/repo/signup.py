import re


def is_valid_email(address):
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", address.strip().lower()))


def signup(address):
    if not is_valid_email(address):
        raise ValueError(f"invalid e-mail address: {address}")
    return {"email": address.strip().lower(), "status": "pending"}
