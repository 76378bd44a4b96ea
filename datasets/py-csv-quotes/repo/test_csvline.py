import unittest

from csvline import parse_line


class ParseLineTest(unittest.TestCase):
    def test_plain(self):
        self.assertEqual(parse_line("a,b,c"), ["a", "b", "c"])

    def test_quoted_comma(self):
        self.assertEqual(parse_line('a,"b,c",d'), ["a", "b,c", "d"])

    def test_doubled_quote(self):
        self.assertEqual(parse_line('"say ""hi""",x'), ['say "hi"', "x"])

    def test_empty_fields(self):
        self.assertEqual(parse_line("a,,b,"), ["a", "", "b", ""])

    def test_quoted_empty(self):
        self.assertEqual(parse_line('"",1'), ["", "1"])


if __name__ == "__main__":
    unittest.main()
