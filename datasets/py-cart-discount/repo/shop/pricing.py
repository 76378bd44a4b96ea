CODES = {"SPRING10": 10, "VIP25": 25}


def discount_rate(code):
    """The discount for a code as a fraction (0.1 is 10%); 0 for an unknown code."""
    return CODES.get(code, 0)
