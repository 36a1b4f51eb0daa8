/* bottega-connect-dialog.h: connecting a Chatwoot account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bottega-store.h"

G_BEGIN_DECLS

typedef struct _BottegaApplication BottegaApplication;

#define BOTTEGA_TYPE_CONNECT_DIALOG (bottega_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BottegaConnectDialog, bottega_connect_dialog, BOTTEGA, CONNECT_DIALOG, AdwWindow)

BottegaConnectDialog *bottega_connect_dialog_new (GtkWindow          *parent,
                                                  BottegaApplication *application,
                                                  BottegaStore       *store);

/* Signing in again: the server is known, only the token is asked for. */
void                  bottega_connect_dialog_set_url (BottegaConnectDialog *self,
                                                      const char           *url);

G_END_DECLS
