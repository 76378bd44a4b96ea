import unittest

from shop.cart import total
from shop.pricing import discount_rate


class CartTest(unittest.TestCase):
    def test_rates_are_fractions(self):
        self.assertEqual(discount_rate("SPRING10"), 0.1)
        self.assertEqual(discount_rate("VIP25"), 0.25)
        self.assertEqual(discount_rate("NOPE"), 0)

    def test_quantity(self):
        self.assertEqual(total([{"price_cents": 500, "qty": 2}]), 1000)

    def test_discount(self):
        self.assertEqual(total([{"price_cents": 500, "qty": 2}], "SPRING10"), 900)

    def test_rounding(self):
        self.assertEqual(total([{"price_cents": 333, "qty": 1}], "VIP25"), 250)


if __name__ == "__main__":
    unittest.main()
