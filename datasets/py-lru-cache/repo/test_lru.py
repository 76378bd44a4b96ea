import unittest

from lru import LRUCache


class LRUCacheTest(unittest.TestCase):
    def test_capacity_is_kept(self):
        cache = LRUCache(2)
        for key in "abc":
            cache.put(key, key.upper())
        self.assertEqual(len(cache), 2)
        self.assertNotIn("a", cache)

    def test_get_is_a_use(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        self.assertEqual(cache.get("a"), 1)
        cache.put("c", 3)
        self.assertIn("a", cache)
        self.assertNotIn("b", cache)

    def test_update_is_a_use(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        cache.put("a", 10)
        cache.put("c", 3)
        self.assertEqual(cache.get("a"), 10)
        self.assertNotIn("b", cache)

    def test_missing(self):
        self.assertEqual(LRUCache(1).get("x", "none"), "none")


if __name__ == "__main__":
    unittest.main()
