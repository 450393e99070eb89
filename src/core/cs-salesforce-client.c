/* cs-salesforce-client.c: to be written. */
#include "cs-salesforce-client.h"
