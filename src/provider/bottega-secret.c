/* bottega-secret.c: access tokens in the keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "bottega-secret.h"

/* Attributes are strings so that an account id never depends on how a
 * backend stores integers. */
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.bottega_chat.Bottega.Token", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* "https://chat.example.com/" and "https://chat.example.com" are one server. */
static char *
normalize_url (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

static char *
account_attribute (gint64 remote_account_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, remote_account_id);
}

/* libsecret may hand out the password in non-pageable memory that must be
 * released with secret_password_free(); callers get a plain copy. */
static char *
take_password (char *password)
{
  char *copy;

  if (password == NULL)
    return NULL;

  copy = g_strdup (password);
  secret_password_free (password);
  return copy;
}

gboolean
bottega_secret_store_token (const char    *url,
                            gint64         remote_account_id,
                            const char    *token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *key_url = NULL;
  g_autofree char *account = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_url = normalize_url (url);
  account = account_attribute (remote_account_id);
  /* Translators: the name of the item in the keyring (Passwords and Keys);
   * %s is a server address */
  label = g_strdup_printf (_("Bottega access token for %s"), key_url);

  return secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, token, cancellable, error,
                                     "url", key_url,
                                     "account", account,
                                     NULL);
}

char *
bottega_secret_lookup_token (const char    *url,
                             gint64         remote_account_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *key_url = NULL;
  g_autofree char *account = NULL;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key_url = normalize_url (url);
  account = account_attribute (remote_account_id);

  return take_password (secret_password_lookup_sync (token_schema (), cancellable, error,
                                                     "url", key_url,
                                                     "account", account,
                                                     NULL));
}

gboolean
bottega_secret_clear_token (const char    *url,
                            gint64         remote_account_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key_url = NULL;
  g_autofree char *account = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_url = normalize_url (url);
  account = account_attribute (remote_account_id);

  /* FALSE without an error only means there was nothing to clear. */
  if (!secret_password_clear_sync (token_schema (), cancellable, &local_error,
                                   "url", key_url,
                                   "account", account,
                                   NULL) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
lookup_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = take_password (secret_password_lookup_finish (result, &error));

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, g_free);
}

void
bottega_secret_lookup_token_async (const char          *url,
                                   gint64               remote_account_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key_url = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_secret_lookup_token_async);

  key_url = normalize_url (url);
  account = account_attribute (remote_account_id);

  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "url", key_url,
                          "account", account,
                          NULL);
}

char *
bottega_secret_lookup_token_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_secret_lookup_token_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- catalog tokens ---- */

static const SecretSchema *
catalog_token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.bottega_chat.Bottega.CatalogToken", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "catalog", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

gboolean
bottega_secret_store_catalog_token (const char    *base_url,
                                    const char    *catalog_id,
                                    const char    *token,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autofree char *key_url = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (catalog_id != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_url = normalize_url (base_url);
  /* Translators: the name of the item in the keyring (Passwords and Keys);
   * %s is the id of a product catalog */
  label = g_strdup_printf (_("Bottega catalog access token for catalog %s"), catalog_id);

  return secret_password_store_sync (catalog_token_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, token, cancellable, error,
                                     "url", key_url,
                                     "catalog", catalog_id,
                                     NULL);
}

char *
bottega_secret_lookup_catalog_token (const char    *base_url,
                                     const char    *catalog_id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *key_url = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (catalog_id != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key_url = normalize_url (base_url);

  return take_password (secret_password_lookup_sync (catalog_token_schema (), cancellable, error,
                                                     "url", key_url,
                                                     "catalog", catalog_id,
                                                     NULL));
}

gboolean
bottega_secret_clear_catalog_token (const char    *base_url,
                                    const char    *catalog_id,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key_url = NULL;

  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (catalog_id != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_url = normalize_url (base_url);

  if (!secret_password_clear_sync (catalog_token_schema (), cancellable, &local_error,
                                   "url", key_url,
                                   "catalog", catalog_id,
                                   NULL) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
