/* cs-identity.c: to be written. */
#include "cs-identity.h"
