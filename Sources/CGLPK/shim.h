#ifndef SMM_CGLPK_SHIM_H
#define SMM_CGLPK_SHIM_H
#include <glpk.h>
#endif
