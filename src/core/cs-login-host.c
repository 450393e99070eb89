/* cs-login-host.c: to be written. */
#include "cs-login-host.h"
