/* bottega-redact.h: keep personal data out of the logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a copy of @text fit for a log line: e-mail addresses, phone numbers
 * and anything that looks like a token are replaced by "[redacted]". */
char *bottega_redact        (const char *text);

/* A short, stable, non-reversible tag for a piece of text ("len=42 #1a2b3c"),
 * so that logs can tell messages apart without showing them. */
char *bottega_redact_digest (const char *text);

G_END_DECLS
