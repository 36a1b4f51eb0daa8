/* bottega-catalog-source.c: where a shop's product catalog comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include "bottega-catalog-source.h"

G_DEFINE_QUARK (bottega-catalog-error-quark, bottega_catalog_error)

G_DEFINE_INTERFACE (BottegaCatalogSource, bottega_catalog_source, G_TYPE_OBJECT)

/* ---- results ---- */

BottegaCatalogSkip *
bottega_catalog_skip_new (guint       line,
                          const char *retailer_id,
                          const char *reason)
{
  BottegaCatalogSkip *skip = g_new0 (BottegaCatalogSkip, 1);

  skip->line = line;
  skip->retailer_id = g_strdup (retailer_id);
  skip->reason = g_strdup (reason);
  return skip;
}

void
bottega_catalog_skip_free (BottegaCatalogSkip *skip)
{
  if (skip == NULL)
    return;

  g_free (skip->retailer_id);
  g_free (skip->reason);
  g_free (skip);
}

BottegaCatalogImport *
bottega_catalog_import_new (void)
{
  BottegaCatalogImport *import = g_new0 (BottegaCatalogImport, 1);

  import->products = g_ptr_array_new_with_free_func (g_object_unref);
  import->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_catalog_skip_free);
  return import;
}

void
bottega_catalog_import_free (BottegaCatalogImport *import)
{
  if (import == NULL)
    return;

  g_clear_pointer (&import->products, g_ptr_array_unref);
  g_clear_pointer (&import->skipped, g_ptr_array_unref);
  g_free (import);
}

void
bottega_catalog_import_skip (BottegaCatalogImport *import,
                             guint                 line,
                             const char           *retailer_id,
                             const char           *reason)
{
  g_return_if_fail (import != NULL);

  import->n_skipped++;
  if (import->skipped->len < BOTTEGA_CATALOG_MAX_REPORTED)
    g_ptr_array_add (import->skipped, bottega_catalog_skip_new (line, retailer_id, reason));
}

/* ---- addresses ---- */

gboolean
bottega_catalog_uri_is_allowed (GUri *uri)
{
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* ---- the interface ---- */

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  BottegaCatalogImport *import;

  import = bottega_catalog_source_fetch (source_object, cancellable, &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) bottega_catalog_import_free);
}

/* By default the blocking fetch runs in a worker thread. */
static void
default_fetch_async (BottegaCatalogSource *self,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_fetch_async);
  g_task_run_in_thread (task, fetch_thread);
}

static BottegaCatalogImport *
default_fetch_finish (BottegaCatalogSource  *self,
                      GAsyncResult          *result,
                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bottega_catalog_source_default_init (BottegaCatalogSourceInterface *iface)
{
  iface->fetch_async = default_fetch_async;
  iface->fetch_finish = default_fetch_finish;
}

void
bottega_catalog_source_fetch_async (BottegaCatalogSource *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (BOTTEGA_IS_CATALOG_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BOTTEGA_CATALOG_SOURCE_GET_IFACE (self)->fetch_async (self, cancellable, callback, user_data);
}

BottegaCatalogImport *
bottega_catalog_source_fetch_finish (BottegaCatalogSource  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (BOTTEGA_IS_CATALOG_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return BOTTEGA_CATALOG_SOURCE_GET_IFACE (self)->fetch_finish (self, result, error);
}

BottegaCatalogImport *
bottega_catalog_source_fetch (BottegaCatalogSource  *self,
                              GCancellable          *cancellable,
                              GError               **error)
{
  BottegaCatalogSourceInterface *iface;

  g_return_val_if_fail (BOTTEGA_IS_CATALOG_SOURCE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = BOTTEGA_CATALOG_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->fetch != NULL, NULL);

  return iface->fetch (self, cancellable, error);
}
