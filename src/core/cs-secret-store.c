/* cs-secret-store.c: to be written. */
#include "cs-secret-store.h"
