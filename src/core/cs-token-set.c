/* cs-token-set.c: to be written. */
#include "cs-token-set.h"
