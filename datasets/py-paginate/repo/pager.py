def paginate(items, page, per_page):
    """Return the items on `page` (numbered from 1), `per_page` at a time; [] past the end."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be positive")
    start = page * per_page
    return items[start:start + per_page]


def page_count(total, per_page):
    """How many pages `total` items fill (0 when there are none)."""
    if per_page < 1:
        raise ValueError("per_page must be positive")
    return total // per_page
