def slugify(title):
    """Turn a title into a URL slug.

    Lower-case it; every run of characters other than a-z and 0-9 becomes a single
    hyphen; there is no hyphen at either end.

    slugify("Hello, World!") == "hello-world"
    slugify("  Déjà vu -- 2024 ") == "d-j-vu-2024"
    slugify("!!!") == ""
    """
    raise NotImplementedError
