# Before any module of the linkage core is imported: which of its files run, the compiled or the Python ones.
from reprisals.linkage import compiled as _compiled  # noqa: F401
