/* cs-test-util.c: to be written. */
#include "cs-test-util.h"
