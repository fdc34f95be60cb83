# C types for the hottest functions of compare.py when Cython compiles it (setup.py; reprisals/linkage/compiled.py).
# Python reads none of this. A signature here must match the function's in compare.py, or the build leaves the module
# uncompiled (CI checks that it is compiled). Levels are small integers; once compiled, an argument declared ``str``,
# ``tuple`` or ``list`` must be one (a list where a tuple is declared is refused). Measured at 100,000 records of the
# development seed, these declarations took a sixteenth off the comparison of the pairs compiled without them.
cimport cython

cpdef int full_name_level(int given, int family)
cpdef int words_level(int full, bint complete)
cpdef int _orientation_score(int given, int family)

@cython.locals(level=cython.int)
cpdef int _family_level(str fa, str fb, tuple ga, tuple gb, bint bridge, bint straight=*, bint syllabic=*)

@cython.locals(first=cython.int)
cpdef int _given_level(tuple ga, tuple gb, bint bridge, bint syllabic=*)

@cython.locals(fam=cython.int, giv=cython.int, mid=cython.int, bridge=cython.bint, syllabic=cython.bint,
               straight=cython.bint)
cpdef _compare_parsed(list parsed_a, list parsed_b)
