/* cs-oauth-request.c: to be written. */
#include "cs-oauth-request.h"
