#ifndef SMM_CXLSXWRITER_SHIM_H
#define SMM_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
