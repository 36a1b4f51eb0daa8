/* bottega-sandbox-faults.c: injected failures, queued in the order tests ask for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bottega-sandbox"

#include "config.h"

#include <string.h>

#include "bottega-sandbox-private.h"

/* Faults form one queue: "fail the next two, then garble the third" reads
 * and behaves in that order. Each entry applies to @remaining requests.
 * A new kind (latency, dropping the connection after the change is
 * committed, a 429 window, closing websockets) is a new SandboxFaultKind,
 * handled where the server applies the fault: before the request is
 * handled (sandbox_fault_respond) or after (sandbox_fault_mangle). */

typedef struct {
  SandboxFaultKind kind;
  guint            status;
  guint            remaining;
} Entry;

struct _SandboxFaults {
  GQueue  queue;
  /* The settings below are not queued: they hold until changed. */
  guint   latency_ms;
  guint   drop_next;        /* message creations that lose their response */
  double  drop_rate;
  double  error_rate;
  GRand  *post_rand;        /* NULL: no random post faults */
  gint64  rate_limit_until; /* monotonic µs */
};

SandboxFaults *
sandbox_faults_new (void)
{
  return g_new0 (SandboxFaults, 1);
}

void
sandbox_faults_free (SandboxFaults *faults)
{
  if (faults == NULL)
    return;
  g_queue_clear_full (&faults->queue, g_free);
  g_clear_pointer (&faults->post_rand, g_rand_free);
  g_free (faults);
}

void
sandbox_faults_push (SandboxFaults    *faults,
                     SandboxFaultKind  kind,
                     guint             status,
                     guint             count)
{
  Entry *entry;

  if (count == 0 || kind == SANDBOX_FAULT_NONE)
    return;
  entry = g_new0 (Entry, 1);
  entry->kind = kind;
  entry->status = status;
  entry->remaining = count;
  g_queue_push_tail (&faults->queue, entry);
}

SandboxFault
sandbox_faults_take (SandboxFaults *faults)
{
  Entry *entry = g_queue_peek_head (&faults->queue);
  SandboxFault fault = { SANDBOX_FAULT_NONE, 0 };

  if (entry == NULL)
    return fault;
  fault.kind = entry->kind;
  fault.status = entry->status;
  if (--entry->remaining == 0)
    g_free (g_queue_pop_head (&faults->queue));
  return fault;
}

static const char *
error_text (guint status)
{
  switch (status)
    {
    case 401: return "Invalid Access Token";
    case 402: return "Account limit exceeded";
    case 403: return "You are not authorized to do this action";
    case 404: return "Resource could not be found";
    case 422: return "Unprocessable entity";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default:  return status >= 500 ? "Internal Server Error" : "Request failed";
    }
}

void
sandbox_fault_respond (const SandboxFault *fault,
                       SandboxResponse    *response)
{
  g_assert (fault->kind == SANDBOX_FAULT_STATUS);

  response->status = fault->status;
  if (fault->status == 429)
    {
      /* rack-attack's throttled response: plain text, no Retry-After. */
      response->raw = g_bytes_new_static ("Retry later\n", strlen ("Retry later\n"));
      response->raw_type = g_strdup ("text/plain");
    }
  else
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "error", error_text (fault->status));
      response->body = sandbox_json_take_object (o);
    }
}

GBytes *
sandbox_fault_mangle (const SandboxFault *fault,
                      GBytes             *body,
                      guint              *status)
{
  gsize len = 0;
  const char *data;

  g_assert (fault->kind == SANDBOX_FAULT_MALFORMED);

  /* Cut the document in half: whatever it was, it no longer parses. */
  *status = 200;
  data = body ? g_bytes_get_data (body, &len) : NULL;
  if (len < 4)
    return g_bytes_new ("{\"payload\":[", strlen ("{\"payload\":["));
  return g_bytes_new (data, len / 2);
}

/* ---- settings ---- */

void
sandbox_faults_set_latency (SandboxFaults *faults,
                            guint          ms)
{
  faults->latency_ms = ms;
}

guint
sandbox_faults_get_latency (SandboxFaults *faults)
{
  return faults->latency_ms;
}

void
sandbox_faults_drop_next_commits (SandboxFaults *faults,
                                  guint          count)
{
  faults->drop_next += count;
}

void
sandbox_faults_set_post (SandboxFaults *faults,
                         double         drop_rate,
                         double         error_rate,
                         guint32        seed)
{
  g_clear_pointer (&faults->post_rand, g_rand_free);
  faults->drop_rate = CLAMP (drop_rate, 0.0, 1.0);
  faults->error_rate = CLAMP (error_rate, 0.0, 1.0 - faults->drop_rate);
  if (faults->drop_rate > 0.0 || faults->error_rate > 0.0)
    faults->post_rand = g_rand_new_with_seed (seed);
}

SandboxPostFault
sandbox_faults_roll_post (SandboxFaults *faults)
{
  double roll;

  if (faults->post_rand == NULL)
    return SANDBOX_POST_NORMAL;
  roll = g_rand_double (faults->post_rand);
  if (roll < faults->drop_rate)
    return SANDBOX_POST_DROP;
  if (roll < faults->drop_rate + faults->error_rate)
    return SANDBOX_POST_ERROR;
  return SANDBOX_POST_NORMAL;
}

gboolean
sandbox_faults_take_drop (SandboxFaults *faults)
{
  if (faults->drop_next == 0)
    return FALSE;
  faults->drop_next--;
  return TRUE;
}

void
sandbox_faults_rate_limit_for (SandboxFaults *faults,
                               guint          seconds)
{
  faults->rate_limit_until = seconds > 0 ? g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC : 0;
}

gboolean
sandbox_faults_rate_limited (SandboxFaults *faults)
{
  return faults->rate_limit_until != 0 && g_get_monotonic_time () < faults->rate_limit_until;
}
