import unittest

from invite import invite
from signup import signup


class SignupTest(unittest.TestCase):
    def test_signup(self):
        self.assertEqual(signup(" Ann@Example.org"), {"email": "ann@example.org", "status": "pending"})
        with self.assertRaises(ValueError):
            signup("not-an-address")

    def test_invite(self):
        self.assertEqual(invite(["a@x.io", "bad", "A@X.io", "b@y.com"]), ["a@x.io", "b@y.com"])


if __name__ == "__main__":
    unittest.main()
