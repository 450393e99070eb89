/* to be written */
#include "cs-practice-org.h"
int main (void) { return 0; }
