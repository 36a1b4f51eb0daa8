/* fuzz-common.h: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points; fuzz-replay.c calls them the same way. */
int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t  *data,
                             size_t          size);

/* Once per process: criticals and warnings abort (a g_return_if_fail
 * reached from hostile input is a bug), debug output stays off. */
void fuzz_init              (void);
/* Every string property of @object (and of the objects in its list-model
 * properties) is valid UTF-8: what the parsers promise the UI. */
void fuzz_check_strings     (GObject        *object);
/* @error is a provider error whose message quotes no value of @root (the
 * parsed input, or NULL): errors are logged, values may be personal. */
void fuzz_check_error       (const GError   *error,
                             JsonNode       *root);
/* Parses @data as the client does (bounded in size and depth); NULL when
 * it is not JSON the client would accept, with the error checked. */
JsonNode *fuzz_parse_json   (const uint8_t  *data,
                             size_t          size);

G_END_DECLS
