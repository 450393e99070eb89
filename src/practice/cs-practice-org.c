/* cs-practice-org.c: to be written. */
#include "cs-practice-org.h"
