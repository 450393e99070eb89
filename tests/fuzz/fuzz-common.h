/* fuzz-common.h: what every fuzz target defines (libFuzzer's entry point)
 * and the small helpers they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int    LLVMFuzzerTestOneInput (const uint8_t *data,
                               size_t         size);
/* Makes GLib's criticals fatal: each is a finding. (Warnings are not:
 * libsoup 3.2 warns, and goes on, when a request's Content-Length is
 * negative.) */
int    LLVMFuzzerInitialize   (int           *argc,
                               char        ***argv);

/* The input as a NUL-terminated string (it stops at the first NUL). */
char  *fuzz_string            (const uint8_t *data,
                               size_t         size);

/* The input with every @placeholder replaced by @value: how an input
 * reaches what the fuzzer cannot guess (this run's state, port, token). */
char  *fuzz_substitute        (const char    *input,
                               const char    *placeholder,
                               const char    *value);
