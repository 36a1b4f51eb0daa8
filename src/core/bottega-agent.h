/* bottega-agent.h: a member of the shop's staff on the provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BOTTEGA_TYPE_AGENT (bottega_agent_get_type ())
G_DECLARE_FINAL_TYPE (BottegaAgent, bottega_agent, BOTTEGA, AGENT, GObject)

/* Properties: remote-id (int64), name, available-name, email, role
 * ("agent" or "administrator"), thumbnail. */
BottegaAgent *bottega_agent_new (void);

gint64      bottega_agent_get_remote_id       (BottegaAgent *self);
void        bottega_agent_set_remote_id       (BottegaAgent *self, gint64 remote_id);
const char *bottega_agent_get_name            (BottegaAgent *self);
void        bottega_agent_set_name            (BottegaAgent *self, const char *name);
const char *bottega_agent_get_available_name  (BottegaAgent *self);
void        bottega_agent_set_available_name  (BottegaAgent *self, const char *available_name);
const char *bottega_agent_get_email           (BottegaAgent *self);
void        bottega_agent_set_email           (BottegaAgent *self, const char *email);
const char *bottega_agent_get_role            (BottegaAgent *self);
void        bottega_agent_set_role            (BottegaAgent *self, const char *role);
const char *bottega_agent_get_thumbnail       (BottegaAgent *self);
void        bottega_agent_set_thumbnail       (BottegaAgent *self, const char *thumbnail);

G_END_DECLS
