/* bottega-canned-response.h: a saved reply, inserted with "/short_code"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_CANNED_RESPONSE (bottega_canned_response_get_type ())
G_DECLARE_FINAL_TYPE (BottegaCannedResponse, bottega_canned_response, BOTTEGA, CANNED_RESPONSE, GObject)

/* Properties: remote-id (int64), short-code, content. */
BottegaCannedResponse *bottega_canned_response_new (void);

gint64      bottega_canned_response_get_remote_id   (BottegaCannedResponse *self);
void        bottega_canned_response_set_remote_id   (BottegaCannedResponse *self, gint64 remote_id);
const char *bottega_canned_response_get_short_code  (BottegaCannedResponse *self);
void        bottega_canned_response_set_short_code  (BottegaCannedResponse *self, const char *short_code);
const char *bottega_canned_response_get_content     (BottegaCannedResponse *self);
void        bottega_canned_response_set_content     (BottegaCannedResponse *self, const char *content);

G_END_DECLS
