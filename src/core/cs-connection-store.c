/* cs-connection-store.c: to be written. */
#include "cs-connection-store.h"
