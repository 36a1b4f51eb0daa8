/* bottega-account-setup.c: connecting a Chatwoot account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bottega-account-setup.h"
#include "bottega-secret.h"

static const BottegaChatwootAccountRef *
pick_account (BottegaChatwootProfile  *profile,
              gint64                   remote_account_id,
              GError                 **error)
{
  const BottegaChatwootAccountRef *only = NULL;
  guint n_active = 0;

  for (guint i = 0; i < profile->accounts->len; i++)
    {
      const BottegaChatwootAccountRef *ref = g_ptr_array_index (profile->accounts, i);

      if (remote_account_id != 0 && ref->id == remote_account_id)
        return ref;
      if (g_strcmp0 (ref->status, "suspended") != 0)
        {
          only = ref;
          n_active++;
        }
    }

  if (remote_account_id != 0)
    {
      g_set_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_NO_ACCOUNT,
                   _("This access token has no account %lld on the server"),
                   (long long) remote_account_id);
      return NULL;
    }

  if (n_active == 1)
    return only;

  if (n_active == 0)
    {
      g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_NO_ACCOUNT,
                           _("This access token belongs to no active account"));
      return NULL;
    }

  {
    g_autoptr(GString) ids = g_string_new (NULL);

    for (guint i = 0; i < profile->accounts->len; i++)
      {
        const BottegaChatwootAccountRef *ref = g_ptr_array_index (profile->accounts, i);

        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT " (%s)",
                                ids->len > 0 ? ", " : "", ref->id,
                                ref->name != NULL ? ref->name : "");
      }
    g_set_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_ACCOUNT_CHOICE,
                 _("This access token has several accounts; choose one of %s"), ids->str);
  }
  return NULL;
}

BottegaAccount *
bottega_account_setup (BottegaStore  *store,
                       const char    *url,
                       const char    *token,
                       gint64         remote_account_id,
                       gboolean       is_demo,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return bottega_account_setup_full (store, url, token, remote_account_id, is_demo, TRUE,
                                     cancellable, error);
}

BottegaAccount *
bottega_account_setup_full (BottegaStore  *store,
                            const char    *url,
                            const char    *token,
                            gint64         remote_account_id,
                            gboolean       is_demo,
                            gboolean       keep_token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(BottegaChatwootClient) client = NULL;
  g_autoptr(BottegaChatwootProfile) profile = NULL;
  g_autoptr(BottegaAccount) account = NULL;
  const BottegaChatwootAccountRef *ref;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  client = bottega_chatwoot_client_new (url, token, 0, 0, error);
  if (client == NULL)
    return NULL;

  profile = bottega_chatwoot_client_get_profile (client, cancellable, error);
  if (profile == NULL)
    return NULL;

  ref = pick_account (profile, remote_account_id, error);
  if (ref == NULL)
    return NULL;

  account = bottega_account_new ();
  bottega_account_set_url (account, bottega_chatwoot_client_get_base_url (client));
  bottega_account_set_remote_id (account, ref->id);
  bottega_account_set_user_id (account, profile->user_id);
  bottega_account_set_name (account, ref->name);
  bottega_account_set_user_name (account, profile->name);
  bottega_account_set_is_demo (account, is_demo);
  bottega_account_set_needs_auth (account, FALSE);

  /* The token first: an account row without its token would be unusable. */
  if (keep_token &&
      !bottega_secret_store_token (bottega_account_get_url (account), ref->id, token,
                                   cancellable, error))
    return NULL;

  if (!bottega_store_save_account (store, account, error))
    return NULL;

  return g_steal_pointer (&account);
}

typedef struct {
  BottegaStore *store;
  char         *url;
  char         *token;
  gint64        remote_account_id;
  gboolean      is_demo;
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->store);
  g_free (data->url);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
setup_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SetupData *data = task_data;
  GError *error = NULL;
  BottegaAccount *account;

  account = bottega_account_setup (data->store, data->url, data->token,
                                   data->remote_account_id, data->is_demo,
                                   cancellable, &error);
  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

void
bottega_account_setup_async (BottegaStore        *store,
                             const char          *url,
                             const char          *token,
                             gint64               remote_account_id,
                             gboolean             is_demo,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SetupData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (store));

  data = g_new0 (SetupData, 1);
  data->store = g_object_ref (store);
  data->url = g_strdup (url);
  data->token = g_strdup (token);
  data->remote_account_id = remote_account_id;
  data->is_demo = is_demo;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_account_setup_async);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  g_task_run_in_thread (task, setup_thread);
}

BottegaAccount *
bottega_account_setup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BottegaChatwootClient *
bottega_account_open_client (BottegaAccount  *account,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autofree char *token = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (account), NULL);

  token = bottega_secret_lookup_token (bottega_account_get_url (account),
                                       bottega_account_get_remote_id (account),
                                       cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (token == NULL)
    {
      g_set_error (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_NO_TOKEN,
                   _("No access token for %s is in the keyring; sign in again"),
                   bottega_account_get_url (account));
      return NULL;
    }

  return bottega_chatwoot_client_new (bottega_account_get_url (account), token,
                                      bottega_account_get_remote_id (account),
                                      bottega_account_get_id (account), error);
}
