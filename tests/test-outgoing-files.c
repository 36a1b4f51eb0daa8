/* test-outgoing-files.c: pasted pictures are kept while a reply needs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-outgoing-files"

#include "config.h"

#include <glib/gstdio.h>

#include "bottega-outgoing-files.h"
#include "bottega-test-helpers.h"

typedef struct {
  char         *home;
  char         *folder;
  BottegaStore *store;
  gint64        conversation_id;
} Fixture;

static char *
write_file (const char *folder,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, "\x89PNG not really", -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BottegaAccount) account = bottega_account_new ();
  g_autoptr(BottegaStoreBatch) batch = NULL;
  g_autoptr(BottegaConversation) conversation = bottega_conversation_new ();
  g_autoptr(BottegaConversation) stored = NULL;
  g_autoptr(BottegaCustomer) customer = bottega_customer_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->home = test_home_new ();
  /* GLib keeps the first XDG_CACHE_HOME it saw, so each test names its
   * own folder and store. */
  fixture->folder = g_build_filename (fixture->home, "outgoing", NULL);
  g_assert_no_errno (g_mkdir_with_parents (fixture->folder, 0700));

  path = g_build_filename (fixture->home, "bottega.db", NULL);
  fixture->store = bottega_store_open (path, &error);
  g_assert_no_error (error);

  bottega_account_set_url (account, "https://chat.example.com");
  bottega_account_set_remote_id (account, 1);
  bottega_account_set_name (account, "Bottega Rossi");
  g_assert_true (bottega_store_save_account (fixture->store, account, &error));
  g_assert_no_error (error);

  bottega_customer_set_remote_id (customer, 5);
  bottega_customer_set_name (customer, "Francesca Conti");
  bottega_conversation_set_remote_id (conversation, 32);
  bottega_conversation_set_inbox_id (conversation, 1);
  bottega_conversation_set_status (conversation, BOTTEGA_CONVERSATION_OPEN);
  bottega_conversation_set_can_reply (conversation, TRUE);
  bottega_conversation_set_customer (conversation, customer);
  batch = bottega_store_batch_new (bottega_account_get_id (account));
  bottega_store_batch_add_conversation (batch, conversation);
  g_assert_true (bottega_store_write_batch (fixture->store, batch, NULL, &error));
  g_assert_no_error (error);

  stored = bottega_store_find_conversation (fixture->store, bottega_account_get_id (account), 32, &error);
  g_assert_no_error (error);
  fixture->conversation_id = bottega_conversation_get_id (stored);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bottega_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_free (fixture->folder);
  test_home_free (fixture->home);
}

static gint64
queue (Fixture    *fixture,
       const char *picture)
{
  const char * const paths[] = { picture, NULL };
  BottegaStoreReply reply = {
    .conversation_id = fixture->conversation_id,
    .content = "Ecco la foto",
    .attachment_paths = paths,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BottegaMessage) message = bottega_store_queue_reply (fixture->store, &reply, &error);

  g_assert_no_error (error);
  return bottega_store_outbox_find_for_message (fixture->store, bottega_message_get_id (message));
}

static int
clean (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  int deleted = bottega_outgoing_files_clean (fixture->store, fixture->folder, &error);

  g_assert_no_error (error);
  return deleted;
}

/* Queued and failed replies keep their pictures; sent ones and pictures
 * never sent are deleted; nothing outside the folder is touched. */
static void
test_clean (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *queued = write_file (fixture->folder, "image-20261121-101500.png");
  g_autofree char *failed = write_file (fixture->folder, "image-20261121-101600.png");
  g_autofree char *sent = write_file (fixture->folder, "image-20261121-101700.png");
  g_autofree char *discarded = write_file (fixture->folder, "image-20261121-101800.png");
  g_autofree char *elsewhere = write_file (fixture->home, "borsa.png");
  g_autoptr(BottegaMessage) remote = bottega_message_new ();
  g_autoptr(GError) error = NULL;
  gint64 failed_id, sent_id;

  queue (fixture, queued);
  failed_id = queue (fixture, failed);
  sent_id = queue (fixture, sent);
  g_assert_true (bottega_store_outbox_mark_failed (fixture->store, failed_id, "refused", &error));
  g_assert_no_error (error);
  bottega_message_set_remote_id (remote, 9001);
  bottega_message_set_content (remote, "Ecco la foto");
  g_assert_true (bottega_store_outbox_mark_sending (fixture->store, sent_id, g_get_real_time () / G_USEC_PER_SEC,
                                                    &error));
  g_assert_no_error (error);
  g_assert_true (bottega_store_outbox_mark_sent (fixture->store, sent_id, remote, &error));
  g_assert_no_error (error);

  g_assert_cmpint (clean (fixture), ==, 2);
  g_assert_true (g_file_test (queued, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (failed, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sent, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (discarded, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (elsewhere, G_FILE_TEST_EXISTS));

  /* A second pass has nothing left to do. */
  g_assert_cmpint (clean (fixture), ==, 0);
}

/* The default folder is in the user's cache. */
static void
test_default_folder (void)
{
  g_autofree char *folder = bottega_outgoing_files_folder ();
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "bottega", "outgoing", NULL);

  g_assert_cmpstr (folder, ==, expected);
}

/* Before anything was ever pasted there is no folder: nothing to do. */
static void
test_no_folder (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_no_errno (g_rmdir (fixture->folder));
  g_assert_cmpint (clean (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outgoing-files/default-folder", test_default_folder);
  g_test_add ("/outgoing-files/clean", Fixture, NULL, fixture_set_up, test_clean, fixture_tear_down);
  g_test_add ("/outgoing-files/no-folder", Fixture, NULL, fixture_set_up, test_no_folder, fixture_tear_down);

  return g_test_run ();
}
