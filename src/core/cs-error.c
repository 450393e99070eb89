/* cs-error.c: to be written. */
#include "cs-error.h"
