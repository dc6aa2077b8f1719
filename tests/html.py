def squashed(response):
    """A page's HTML with each run of whitespace made one space, as a browser shows it: templates wrap long lines."""
    return " ".join(response.content.decode().split())
