/* cs-oauth-client.c: to be written. */
#include "cs-oauth-client.h"
