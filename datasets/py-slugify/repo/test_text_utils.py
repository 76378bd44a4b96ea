import unittest

from text_utils import slugify


class SlugifyTest(unittest.TestCase):
    def test_simple(self):
        self.assertEqual(slugify("Hello, World!"), "hello-world")

    def test_runs_and_ends(self):
        self.assertEqual(slugify("  Déjà vu -- 2024 "), "d-j-vu-2024")

    def test_nothing_left(self):
        self.assertEqual(slugify("!!!"), "")

    def test_already_a_slug(self):
        self.assertEqual(slugify("abc-123"), "abc-123")


if __name__ == "__main__":
    unittest.main()
