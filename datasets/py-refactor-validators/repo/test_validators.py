import unittest

import invite
import signup
import validators


class ValidatorsTest(unittest.TestCase):
    def test_one_shared_check(self):
        self.assertIs(signup.is_valid_email, validators.is_valid_email)
        self.assertIs(invite.is_valid_email, validators.is_valid_email)

    def test_behaviour(self):
        self.assertTrue(validators.is_valid_email("ann@example.org"))
        self.assertTrue(validators.is_valid_email(" Ann@Example.ORG "))
        self.assertFalse(validators.is_valid_email("ann@example"))
        self.assertFalse(validators.is_valid_email("a b@example.org"))


if __name__ == "__main__":
    unittest.main()
