import unittest

from primes import is_prime


class IsPrimeTest(unittest.TestCase):
    def test_primes(self):
        for n in [2, 3, 5, 7, 11, 13, 97]:
            self.assertTrue(is_prime(n), n)

    def test_composites(self):
        for n in [4, 6, 9, 15, 21, 100]:
            self.assertFalse(is_prime(n), n)

    def test_below_two(self):
        for n in [-7, 0, 1]:
            self.assertFalse(is_prime(n), n)


if __name__ == "__main__":
    unittest.main()
