"""Builds the linkage core's hot modules (``reprisals/linkage/compiled.py`` says which) as C extension modules with
Cython, from their Python files unchanged. The rest of the project's metadata is in pyproject.toml. A build without a
C compiler, or a module Cython cannot translate, leaves them out: the Python files then run, with the same results,
more slowly. CI checks that both were built."""

from setuptools import setup

MODULES = ["reprisals/linkage/names.py", "reprisals/linkage/compare.py"]


def extensions() -> list:
    try:
        from Cython.Build import cythonize
    except ImportError:  # built without the build requirements (``--no-build-isolation``): the Python files run
        return []
    # The annotations stay Python's: a level annotated ``int`` may be a numpy integer. C types are in the .pxd files.
    # A module Cython cannot translate (a signature in a .pxd file that no longer matches its function) is left out,
    # as one the C compiler cannot build is (``optional``): the install goes on, and that module's Python file runs.
    built = cythonize(MODULES, compiler_directives={"language_level": 3, "annotation_typing": False}, quiet=True,
                      exclude_failures=True)
    for extension in built:
        extension.optional = True
    return built


setup(ext_modules=extensions())
