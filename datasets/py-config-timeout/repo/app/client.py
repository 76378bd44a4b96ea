from app.settings import load_settings


class Client:
    def __init__(self, settings_path):
        settings = load_settings(settings_path)
        self.timeout = settings["timeout_seconds"]
        self.retries = settings["retries"]
