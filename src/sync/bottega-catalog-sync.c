/* bottega-catalog-sync.c: an account's catalog from its source into the store, images into the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bottega-catalog-sync.h"
#include "bottega-secret.h"

/* Image paths written per transaction while downloading. */
#define IMAGE_BATCH          32
#define MAX_REDIRECTS        5
#define IMAGE_TIMEOUT        30
/* A failed refresh is tried again after this long. */
#define RETRY_SECONDS        3600
/* The engine's hook looks at a catalog at most this often. */
#define CHECK_EVERY_USEC     (G_USEC_PER_SEC * (gint64) 3600)

/* ---- one job per account at a time ---- */

G_LOCK_DEFINE_STATIC (busy);
static GHashTable *busy_accounts;   /* "store path#account id" */

static char *
account_key (BottegaStore *store,
             gint64        account_id)
{
  return g_strdup_printf ("%s#%" G_GINT64_FORMAT, bottega_store_get_path (store), account_id);
}

static gboolean
claim_account (BottegaStore  *store,
               gint64         account_id,
               GError       **error)
{
  char *key = account_key (store, account_id);
  gboolean claimed;

  G_LOCK (busy);
  if (busy_accounts == NULL)
    busy_accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  claimed = !g_hash_table_contains (busy_accounts, key);
  if (claimed)
    g_hash_table_add (busy_accounts, key);
  else
    g_free (key);
  G_UNLOCK (busy);

  if (!claimed)
    g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_BUSY,
                         _("The catalog of this account is being updated already"));
  return claimed;
}

static void
release_account (BottegaStore *store,
                 gint64        account_id)
{
  g_autofree char *key = account_key (store, account_id);

  G_LOCK (busy);
  g_hash_table_remove (busy_accounts, key);
  G_UNLOCK (busy);
}

/* ---- reports ---- */

void
bottega_catalog_report_free (BottegaCatalogReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->skipped, g_ptr_array_unref);
  g_free (report);
}

static BottegaCatalogReport *
report_new (void)
{
  BottegaCatalogReport *report = g_new0 (BottegaCatalogReport, 1);

  report->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) bottega_catalog_skip_free);
  return report;
}

static void
report_take_skipped (BottegaCatalogReport       *report,
                     const BottegaCatalogImport *import)
{
  report->n_skipped = import->n_skipped;
  for (guint i = 0; i < import->skipped->len; i++)
    {
      const BottegaCatalogSkip *skip = g_ptr_array_index (import->skipped, i);

      g_ptr_array_add (report->skipped, bottega_catalog_skip_new (skip->line, skip->retailer_id, skip->reason));
    }
}

/* ---- images ---- */

char *
bottega_catalog_sync_get_image_dir (gint64 account_id)
{
  const char *cache = g_getenv ("XDG_CACHE_HOME");
  char id[32];

  if (cache == NULL || !g_path_is_absolute (cache))
    cache = g_get_user_cache_dir ();

  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, account_id);
  return g_build_filename (cache, "bottega", "products", id, NULL);
}

/* https:// anywhere, http:// only to this computer. */
static GUri *
image_uri (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;

  if (uri != NULL && bottega_catalog_uri_is_allowed (uri))
    return g_steal_pointer (&uri);

  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, BOTTEGA_PROVIDER_ERROR_INSECURE_URL,
                       _("The product image is not at an https:// address"));
  return NULL;
}

/* The extension for an image type Bottega keeps, or NULL. */
static const char *
image_extension (const char *content_type)
{
  if (g_strcmp0 (content_type, "image/png") == 0)
    return "png";
  if (g_strcmp0 (content_type, "image/jpeg") == 0 || g_strcmp0 (content_type, "image/jpg") == 0)
    return "jpg";
  if (g_strcmp0 (content_type, "image/webp") == 0)
    return "webp";
  if (g_strcmp0 (content_type, "image/gif") == 0)
    return "gif";
  return NULL;
}

/* The first bytes must be what the server says the file is. */
static gboolean
magic_matches (const char   *extension,
               const guint8 *head,
               gsize         len)
{
  if (g_str_equal (extension, "png"))
    return len >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0;
  if (g_str_equal (extension, "jpg"))
    return len >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff;
  if (g_str_equal (extension, "gif"))
    return len >= 6 && (memcmp (head, "GIF87a", 6) == 0 || memcmp (head, "GIF89a", 6) == 0);
  if (g_str_equal (extension, "webp"))
    return len >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0;
  return FALSE;
}

static void
set_image_error (GError     **error,
                 int          code,
                 const char  *message)
{
  g_set_error_literal (error, BOTTEGA_PROVIDER_ERROR, code, message);
}

/* Downloads @url into @dir as "<product id>-<url digest>.<ext>"; returns the path. */
static char *
download_image (SoupSession   *session,
                const char    *url,
                const char    *dir,
                gint64         product_id,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GUri) uri = image_uri (url, error);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *extension;
  goffset length;
  gsize total = 0;
  guint8 head[16];
  gsize head_len = 0;
  guint8 chunk[16384];
  gboolean ok = FALSE;

  if (uri == NULL)
    return NULL;

  /* Redirects one by one, each to an allowed address. */
  for (guint redirects = 0; ; redirects++)
    {
      guint status;

      g_clear_object (&msg);
      g_clear_object (&input);
      msg = soup_message_new_from_uri ("GET", uri);
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                    "image/png, image/jpeg, image/webp, image/gif");
      input = soup_session_send (session, msg, cancellable, error);
      if (input == NULL)
        return NULL;

      status = soup_message_get_status (msg);
      if (SOUP_STATUS_IS_REDIRECTION (status) && redirects < MAX_REDIRECTS)
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                               "Location");
          g_autoptr(GUri) next = NULL;

          if (location == NULL)
            break;
          next = g_uri_parse_relative (uri, location, G_URI_FLAGS_ENCODED, NULL);
          if (next == NULL)
            break;
          g_clear_pointer (&uri, g_uri_unref);
          {
            g_autofree char *next_text = g_uri_to_string (next);

            uri = image_uri (next_text, error);
          }
          if (uri == NULL)
            return NULL;
          continue;
        }
      if (status != SOUP_STATUS_OK)
        {
          g_set_error (error, BOTTEGA_PROVIDER_ERROR,
                       status == 404 ? BOTTEGA_PROVIDER_ERROR_NOT_FOUND : BOTTEGA_PROVIDER_ERROR_FAILED,
                       /* Translators: %u is an HTTP status code such as 404 */
                       _("The product image could not be downloaded (HTTP %u)"), status);
          return NULL;
        }
      break;
    }

  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_FAILED, _("The product image could not be downloaded"));
      return NULL;
    }

  extension = image_extension (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                                      NULL));
  if (extension == NULL)
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                       _("The product image is not a PNG, JPEG, WebP or GIF picture"));
      return NULL;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > BOTTEGA_CATALOG_IMAGE_MAX_SIZE)
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_TOO_LARGE, _("The product image is larger than 8 MB"));
      return NULL;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_FAILED, _("Cannot create the folder for product images"));
      return NULL;
    }

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  digest[16] = '\0';
  name = g_strdup_printf ("%" G_GINT64_FORMAT "-%s.%s", product_id, digest, extension);
  path = g_build_filename (dir, name, NULL);

  {
    g_autofree char *uuid = g_uuid_string_random ();
    g_autofree char *tmp_name = g_strconcat (".download-", uuid, NULL);

    /* Beside its final place, so that the rename never crosses file systems. */
    tmp = g_file_new_build_filename (dir, tmp_name, NULL);
    output = G_OUTPUT_STREAM (g_file_create (tmp, G_FILE_CREATE_PRIVATE, cancellable, error));
    if (output == NULL)
      return NULL;
  }

  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        goto out;
      if (n == 0)
        break;
      total += n;
      if (total > BOTTEGA_CATALOG_IMAGE_MAX_SIZE)
        {
          set_image_error (error, BOTTEGA_PROVIDER_ERROR_TOO_LARGE, _("The product image is larger than 8 MB"));
          goto out;
        }
      if (head_len < sizeof head)
        {
          gsize take = MIN (sizeof head - head_len, (gsize) n);

          memcpy (head + head_len, chunk, take);
          head_len += take;
        }
      if (!g_output_stream_write_all (output, chunk, n, NULL, cancellable, error))
        goto out;
    }

  if (!magic_matches (extension, head, head_len))
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_MALFORMED,
                       _("The product image is not a PNG, JPEG, WebP or GIF picture"));
      goto out;
    }

  if (!g_output_stream_close (output, cancellable, error))
    goto out;
  if (g_rename (g_file_peek_path (tmp), path) != 0)
    {
      set_image_error (error, BOTTEGA_PROVIDER_ERROR_FAILED, _("Cannot save the product image"));
      goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    {
      g_output_stream_close (output, NULL, NULL);
      g_file_delete (tmp, NULL, NULL);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gboolean
flush_paths (BottegaStore  *store,
             gint64         account_id,
             GArray        *ids,
             GPtrArray     *paths,
             GError       **error)
{
  gboolean ok;

  if (ids->len == 0)
    return TRUE;

  ok = bottega_store_set_product_image_paths (store, account_id, (const gint64 *) ids->data,
                                              (const char * const *) paths->pdata, ids->len, error);
  g_array_set_size (ids, 0);
  g_ptr_array_set_size (paths, 0);
  return ok;
}

guint
bottega_catalog_sync_fetch_images (BottegaStore  *store,
                                   gint64         account_id,
                                   guint          limit,
                                   guint         *n_failed,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  guint stored = 0, failed = 0;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (n_failed != NULL)
    *n_failed = 0;

  products = bottega_store_list_products_without_image (store, account_id, limit, error);
  if (products == NULL)
    return 0;
  if (products->len == 0)
    return 0;

  dir = bottega_catalog_sync_get_image_dir (account_id);
  session = soup_session_new_with_options ("user-agent", "Bottega/" PACKAGE_VERSION,
                                           "timeout", IMAGE_TIMEOUT,
                                           "max-conns-per-host", 4,
                                           NULL);

  for (guint i = 0; i < products->len; i++)
    {
      BottegaProduct *product = g_ptr_array_index (products, i);
      g_autoptr(GError) local_error = NULL;
      gint64 id = bottega_product_get_id (product);
      char *path;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          flush_paths (store, account_id, ids, paths, NULL);
          return stored;
        }

      path = download_image (session, bottega_product_get_image_url (product), dir, id,
                             cancellable, &local_error);
      if (path == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            continue;   /* reported at the top of the loop */
          /* The URL is the shop's, not personal: the product id is enough. */
          g_debug ("No image for product %" G_GINT64_FORMAT ": %s", id, local_error->message);
          failed++;
          continue;
        }

      g_array_append_val (ids, id);
      g_ptr_array_add (paths, path);
      stored++;
      if (ids->len >= IMAGE_BATCH && !flush_paths (store, account_id, ids, paths, error))
        return stored;
    }

  if (!flush_paths (store, account_id, ids, paths, error))
    return stored;

  if (n_failed != NULL)
    *n_failed = failed;
  return stored;
}

/* Deletes cached images no product points to any more (a product that
 * left the catalog, an image that changed). */
static void
remove_stale_images (BottegaStore *store,
                     gint64        account_id)
{
  g_autofree char *dir_path = bottega_catalog_sync_get_image_dir (account_id);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(BottegaProduct) product = NULL;
      gint64 product_id;
      char *end = NULL;

      product_id = g_ascii_strtoll (name, &end, 10);
      if (end != name && *end == '-' && product_id > 0)
        product = bottega_store_get_product (store, product_id, NULL);

      /* Leftovers of an interrupted download go too. */
      if (product == NULL || g_strcmp0 (bottega_product_get_image_path (product), path) != 0)
        g_unlink (path);
    }
}

/* ---- importing a file ---- */

static BottegaProduct *
reader_next (gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  return bottega_catalog_feed_reader_next (user_data, cancellable, error);
}

/* Streams @path into one store transaction. */
static BottegaCatalogReport *
replace_from_file (BottegaStore  *store,
                   gint64         account_id,
                   const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(BottegaCatalogFeedReader) reader = NULL;
  g_autoptr(BottegaCatalogReport) report = report_new ();
  gint64 started = g_get_monotonic_time ();

  reader = bottega_catalog_feed_reader_open (path, 0, cancellable, error);
  if (reader == NULL)
    return NULL;

  if (!bottega_store_replace_catalog (store, account_id, reader_next, reader, &report->n_products,
                                      cancellable, error))
    return NULL;

  report_take_skipped (report, bottega_catalog_feed_reader_get_report (reader));
  g_debug ("Imported %u products (%u lines skipped) in %.2f s", report->n_products, report->n_skipped,
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return g_steal_pointer (&report);
}

BottegaCatalogReport *
bottega_catalog_sync_import_file (BottegaStore  *store,
                                  gint64         account_id,
                                  const char    *path,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(BottegaCatalogSourceInfo) source = g_new0 (BottegaCatalogSourceInfo, 1);
  g_autofree char *absolute = NULL;
  gboolean ok;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id > 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!claim_account (store, account_id, error))
    return NULL;

  absolute = g_canonicalize_filename (path, NULL);
  report = replace_from_file (store, account_id, absolute, cancellable, error);
  if (report == NULL)
    {
      release_account (store, account_id);
      return NULL;
    }

  /* The file is now where the catalog comes from. */
  source->kind = BOTTEGA_CATALOG_KIND_FEED;
  source->feed_path = g_strdup (absolute);
  ok = bottega_store_set_catalog_source (store, account_id, source, error) &&
       bottega_store_set_catalog_refreshed (store, account_id, g_get_real_time () / G_USEC_PER_SEC, NULL, error);
  release_account (store, account_id);

  return ok ? g_steal_pointer (&report) : NULL;
}

typedef struct {
  BottegaStore   *store;
  BottegaAccount *account;
  gint64          account_id;
  char           *path;
} JobData;

static void
job_data_free (JobData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->account);
  g_free (data->path);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JobData *data = task_data;
  GError *error = NULL;
  BottegaCatalogReport *report;

  report = bottega_catalog_sync_import_file (data->store, data->account_id, data->path, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) bottega_catalog_report_free);
}

void
bottega_catalog_sync_import_file_async (BottegaStore        *store,
                                        gint64               account_id,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JobData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (store));
  g_return_if_fail (path != NULL);

  data = g_new0 (JobData, 1);
  data->store = g_object_ref (store);
  data->account_id = account_id;
  data->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_catalog_sync_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, import_thread);
}

BottegaCatalogReport *
bottega_catalog_sync_import_file_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_catalog_sync_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- refreshing from the source ---- */

/* The demo account's catalog is the sandbox's, wherever the sandbox
 * listens this time. */
static BottegaCatalogSourceInfo *
ensure_demo_source (BottegaStore              *store,
                    BottegaAccount            *account,
                    BottegaCatalogSourceInfo  *current,
                    GError                   **error)
{
  g_autofree char *base_url = NULL;

  if (!bottega_account_get_is_demo (account) || bottega_account_get_url (account) == NULL)
    return current;

  base_url = g_strconcat (bottega_account_get_url (account), BOTTEGA_CATALOG_GRAPH_DEMO_PATH, NULL);
  if (current->kind == BOTTEGA_CATALOG_KIND_GRAPH && g_strcmp0 (current->base_url, base_url) == 0 &&
      g_strcmp0 (current->catalog_id, BOTTEGA_CATALOG_GRAPH_DEMO_CATALOG_ID) == 0)
    return current;

  current->kind = BOTTEGA_CATALOG_KIND_GRAPH;
  g_free (current->base_url);
  current->base_url = g_steal_pointer (&base_url);
  g_free (current->catalog_id);
  current->catalog_id = g_strdup (BOTTEGA_CATALOG_GRAPH_DEMO_CATALOG_ID);
  g_clear_pointer (&current->feed_path, g_free);
  if (!bottega_store_set_catalog_source (store, bottega_account_get_id (account), current, error))
    {
      bottega_catalog_source_info_free (current);
      return NULL;
    }

  bottega_catalog_source_info_free (current);
  return bottega_store_get_catalog_source (store, bottega_account_get_id (account), error);
}

static BottegaCatalogSourceInfo *
load_source (BottegaStore    *store,
             BottegaAccount  *account,
             GError         **error)
{
  BottegaCatalogSourceInfo *source;

  source = bottega_store_get_catalog_source (store, bottega_account_get_id (account), error);
  if (source == NULL)
    return NULL;
  return ensure_demo_source (store, account, source, error);
}

static BottegaCatalogReport *
refresh_from_graph (BottegaStore                    *store,
                    BottegaAccount                  *account,
                    const BottegaCatalogSourceInfo  *source,
                    GCancellable                    *cancellable,
                    GError                         **error)
{
  g_autoptr(BottegaCatalogGraph) graph = NULL;
  g_autoptr(BottegaCatalogImport) import = NULL;
  g_autoptr(BottegaCatalogReport) report = report_new ();
  g_autofree char *token = NULL;
  GError *local_error = NULL;

  if (source->catalog_id == NULL || source->base_url == NULL)
    {
      g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                           _("The catalog source has no catalog id"));
      return NULL;
    }

  if (bottega_account_get_is_demo (account))
    token = g_strdup (BOTTEGA_CATALOG_GRAPH_DEMO_TOKEN);
  else
    {
      token = bottega_secret_lookup_catalog_token (source->base_url, source->catalog_id,
                                                   cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (token == NULL)
        {
          g_set_error_literal (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_NO_TOKEN,
                               _("No access token for the catalog is in the keyring; enter it again"));
          return NULL;
        }
    }

  graph = bottega_catalog_graph_new (source->base_url, source->catalog_id, token, error);
  if (graph == NULL)
    return NULL;

  import = bottega_catalog_source_fetch (BOTTEGA_CATALOG_SOURCE (graph), cancellable, error);
  if (import == NULL)
    return NULL;

  if (!bottega_store_replace_catalog_products (store, bottega_account_get_id (account), import->products,
                                               &report->n_products, cancellable, error))
    return NULL;

  report_take_skipped (report, import);
  return g_steal_pointer (&report);
}

BottegaCatalogReport *
bottega_catalog_sync_refresh (BottegaStore    *store,
                              BottegaAccount  *account,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(BottegaCatalogSourceInfo) source = NULL;
  g_autoptr(BottegaCatalogReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) record_error = NULL;
  gint64 account_id;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), NULL);
  g_return_val_if_fail (BOTTEGA_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  account_id = bottega_account_get_id (account);
  if (!claim_account (store, account_id, error))
    return NULL;

  source = load_source (store, account, &local_error);
  if (source != NULL)
    {
      switch (source->kind)
        {
        case BOTTEGA_CATALOG_KIND_GRAPH:
          report = refresh_from_graph (store, account, source, cancellable, &local_error);
          break;

        case BOTTEGA_CATALOG_KIND_FEED:
          report = replace_from_file (store, account_id, source->feed_path, cancellable, &local_error);
          break;

        case BOTTEGA_CATALOG_KIND_NONE:
        default:
          g_set_error_literal (&local_error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_FAILED,
                               _("This account has no product catalog to update"));
          release_account (store, account_id);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  /* The attempt is recorded either way, so that the catalog page can say
   * why the catalog is old. */
  if (source != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !bottega_store_set_catalog_refreshed (store, account_id, now,
                                            report == NULL ? local_error->message : NULL,
                                            &record_error))
    g_message ("Cannot record the catalog refresh of account %" G_GINT64_FORMAT ": %s",
               account_id, record_error->message);

  if (report == NULL)
    {
      release_account (store, account_id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  {
    g_autoptr(GError) image_error = NULL;

    report->n_images = bottega_catalog_sync_fetch_images (store, account_id, BOTTEGA_CATALOG_IMAGES_PER_RUN,
                                                          &report->n_image_errors, cancellable, &image_error);
    if (image_error != NULL && !g_error_matches (image_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_message ("Cannot store the product images of account %" G_GINT64_FORMAT ": %s",
                 account_id, image_error->message);
    remove_stale_images (store, account_id);
  }

  release_account (store, account_id);
  return g_steal_pointer (&report);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  JobData *data = task_data;
  GError *error = NULL;
  BottegaCatalogReport *report;

  report = bottega_catalog_sync_refresh (data->store, data->account, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) bottega_catalog_report_free);
}

void
bottega_catalog_sync_refresh_async (BottegaStore        *store,
                                    BottegaAccount      *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JobData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (store));
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (account));

  data = g_new0 (JobData, 1);
  data->store = g_object_ref (store);
  data->account = g_object_ref (account);
  data->account_id = bottega_account_get_id (account);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bottega_catalog_sync_refresh_async);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, refresh_thread);
}

BottegaCatalogReport *
bottega_catalog_sync_refresh_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bottega_catalog_sync_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bottega_catalog_sync_set_graph_source (BottegaStore  *store,
                                       gint64         account_id,
                                       const char    *base_url,
                                       const char    *catalog_id,
                                       const char    *token,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(BottegaCatalogGraph) graph = NULL;
  g_autoptr(BottegaCatalogSourceInfo) source = g_new0 (BottegaCatalogSourceInfo, 1);

  g_return_val_if_fail (BOTTEGA_IS_STORE (store), FALSE);
  g_return_val_if_fail (catalog_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The same checks as a fetch: https, a catalog id. */
  graph = bottega_catalog_graph_new (base_url, catalog_id, token, error);
  if (graph == NULL)
    return FALSE;

  source->kind = BOTTEGA_CATALOG_KIND_GRAPH;
  source->base_url = g_strdup (bottega_catalog_graph_get_base_url (graph));
  source->catalog_id = g_strdup (catalog_id);

  /* The token first: a source without its token cannot be refreshed. */
  if (token != NULL &&
      !bottega_secret_store_catalog_token (source->base_url, catalog_id, token, cancellable, error))
    return FALSE;

  return bottega_store_set_catalog_source (store, account_id, source, error);
}

/* ---- the sync engine's hook ---- */

G_LOCK_DEFINE_STATIC (checks);
static GHashTable *last_checks;   /* account key → monotonic µs */

static gboolean
is_due (const BottegaCatalogSourceInfo *source,
        gint64                          now)
{
  if (source->kind == BOTTEGA_CATALOG_KIND_NONE)
    return FALSE;
  if (source->refreshed_at > 0 && now - source->refreshed_at < BOTTEGA_CATALOG_MAX_AGE_SECONDS)
    return FALSE;
  /* The last attempt failed: not again at once. */
  if (source->attempted_at > source->refreshed_at && now - source->attempted_at < RETRY_SECONDS)
    return FALSE;
  return TRUE;
}

static void
if_due_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JobData *data = task_data;
  g_autoptr(BottegaCatalogSourceInfo) source = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  source = load_source (data->store, data->account, &error);
  if (source == NULL)
    {
      /* Closed meanwhile: the app is quitting, or the account went. */
      if (!g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_message ("Cannot read the catalog source of account %" G_GINT64_FORMAT ": %s",
                   data->account_id, error->message);
    }
  else if (is_due (source, now))
    {
      g_autoptr(BottegaCatalogReport) report = NULL;

      report = bottega_catalog_sync_refresh (data->store, data->account, cancellable, &error);
      if (report != NULL)
        g_debug ("Catalog of account %" G_GINT64_FORMAT " refreshed: %u products, %u images",
                 data->account_id, report->n_products, report->n_images);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
               !g_error_matches (error, BOTTEGA_SYNC_ERROR, BOTTEGA_SYNC_ERROR_BUSY) &&
               !g_error_matches (error, BOTTEGA_STORE_ERROR, BOTTEGA_STORE_ERROR_CLOSED))
        g_message ("Cannot refresh the catalog of account %" G_GINT64_FORMAT ": %s",
                   data->account_id, error->message);
    }
  else if (source->kind != BOTTEGA_CATALOG_KIND_NONE && claim_account (data->store, data->account_id, NULL))
    {
      guint n = bottega_catalog_sync_fetch_images (data->store, data->account_id, BOTTEGA_CATALOG_IMAGES_PER_RUN,
                                                   NULL, cancellable, NULL);

      if (n > 0)
        g_debug ("Fetched %u product images of account %" G_GINT64_FORMAT, n, data->account_id);
      release_account (data->store, data->account_id);
    }

  g_task_return_boolean (task, TRUE);
}

void
bottega_catalog_sync_refresh_if_due (BottegaStore   *store,
                                     BottegaAccount *account,
                                     GCancellable   *cancellable)
{
  g_autoptr(GTask) task = NULL;
  char *key;
  gint64 now = g_get_monotonic_time ();
  gpointer last;
  gboolean look;
  JobData *data;

  g_return_if_fail (BOTTEGA_IS_STORE (store));
  g_return_if_fail (BOTTEGA_IS_ACCOUNT (account));

  key = account_key (store, bottega_account_get_id (account));
  G_LOCK (checks);
  if (last_checks == NULL)
    last_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  last = g_hash_table_lookup (last_checks, key);
  look = last == NULL || now - *(gint64 *) last >= CHECK_EVERY_USEC;
  if (look)
    g_hash_table_replace (last_checks, key, g_memdup2 (&now, sizeof now));
  else
    g_free (key);
  G_UNLOCK (checks);

  if (!look)
    return;

  data = g_new0 (JobData, 1);
  data->store = g_object_ref (store);
  data->account = g_object_ref (account);
  data->account_id = bottega_account_get_id (account);

  task = g_task_new (NULL, cancellable, NULL, NULL);
  g_task_set_source_tag (task, bottega_catalog_sync_refresh_if_due);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, if_due_thread);
}
