import json

DEFAULTS = {"timeout_seconds": 30, "retries": 3}


def load_settings(path):
    """Settings from a JSON file over the defaults."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    settings = dict(DEFAULTS)
    settings.update(data)
    return settings
