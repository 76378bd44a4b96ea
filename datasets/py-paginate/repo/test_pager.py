import unittest

from pager import page_count, paginate


class PaginateTest(unittest.TestCase):
    def test_first_page_starts_at_the_first_item(self):
        self.assertEqual(paginate(list(range(25)), 1, 10), list(range(10)))

    def test_last_partial_page(self):
        self.assertEqual(paginate(list(range(25)), 3, 10), [20, 21, 22, 23, 24])

    def test_past_the_end_is_empty(self):
        self.assertEqual(paginate(list(range(25)), 4, 10), [])

    def test_invalid_page(self):
        with self.assertRaises(ValueError):
            paginate([1], 0, 10)


class PageCountTest(unittest.TestCase):
    def test_partial_page_counts(self):
        self.assertEqual(page_count(25, 10), 3)

    def test_exact_and_empty(self):
        self.assertEqual(page_count(30, 10), 3)
        self.assertEqual(page_count(0, 10), 0)


if __name__ == "__main__":
    unittest.main()
