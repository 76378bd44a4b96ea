from shop.pricing import discount_rate


def total(items, code=None):
    """Sum of price_cents * qty over the items, less the code's discount, rounded to the cent."""
    subtotal = sum(item["price_cents"] for item in items)
    rate = discount_rate(code) if code else 0
    return round(subtotal * (1 - rate))
