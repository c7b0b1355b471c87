"""The `bp` command-line interface (see bp.main)."""

import os

# The lab's matrices are tiny (100 x 100): BLAS threads cost more in hand-offs than they
# save, and several `bp` processes (a sweep, a class) would fight over the cores. One
# thread per process, unless the user says otherwise. This must run before NumPy loads.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
