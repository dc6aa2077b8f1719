"""django-tables2 asks Python for the signature of a column's render method for every cell it draws
(django_tables2.utils.call_with_appropriate), to pass only the arguments the method names. inspect.signature is slow:
on a theme page's 25 programmes its 200 calls were about a tenth of the page's time. A function's parameters do not
change, so each is read once (`install`, when the app is ready)."""

import functools

from django_tables2 import utils

LIBRARY_SIGNATURE = utils.signature


@functools.cache
def _of_function(function):
    args, keywords = LIBRARY_SIGNATURE(function)
    return args[1:], keywords  # a bound method's parameters leave out the object it is bound to


def signature(fn):
    """The library's (arguments, ** name) of `fn`, read once for the function under a bound method."""
    function = getattr(fn, "__func__", None)
    return LIBRARY_SIGNATURE(fn) if function is None else _of_function(function)


def install():
    utils.signature = signature
