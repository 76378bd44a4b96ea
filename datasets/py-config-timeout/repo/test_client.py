import json
import os
import tempfile
import unittest

from app.client import Client


def write(data):
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(data, handle)
    handle.close()
    return handle.name


class ClientTest(unittest.TestCase):
    def test_shipped_config(self):
        client = Client(os.path.join(os.path.dirname(__file__), "config", "default.json"))
        self.assertEqual((client.timeout, client.retries), (5, 1))

    def test_new_key(self):
        self.assertEqual(Client(write({"timeout_seconds": 7})).timeout, 7)

    def test_new_key_wins(self):
        self.assertEqual(Client(write({"timeout": 4, "timeout_seconds": 9})).timeout, 9)

    def test_default(self):
        client = Client(write({}))
        self.assertEqual((client.timeout, client.retries), (30, 3))


if __name__ == "__main__":
    unittest.main()
