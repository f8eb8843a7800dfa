from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """A slug that keeps Danish letters readable: "Jægersborg" → "jaegersborg"."""
    return slugify(text.translate(_DANISH))
