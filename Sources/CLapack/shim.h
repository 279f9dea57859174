// CBLAS and LAPACKE as shipped by Debian (libopenblas-dev, liblapacke-dev).
// cblas.h lives in the multiarch include directory, selected by update-alternatives.
#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
