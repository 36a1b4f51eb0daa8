/* bottega-provider-error.h: errors of the provider layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BOTTEGA_PROVIDER_ERROR (bottega_provider_error_quark ())

typedef enum {
  BOTTEGA_PROVIDER_ERROR_FAILED,
  BOTTEGA_PROVIDER_ERROR_NETWORK,       /* cannot reach the server (DNS, refused, reset, TLS) */
  BOTTEGA_PROVIDER_ERROR_TIMEOUT,       /* no answer in time: the outcome of a write is unknown */
  BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED,  /* 401: token invalid, revoked or account suspended */
  BOTTEGA_PROVIDER_ERROR_FORBIDDEN,     /* 403 / 402 */
  BOTTEGA_PROVIDER_ERROR_NOT_FOUND,     /* 404 */
  BOTTEGA_PROVIDER_ERROR_INVALID,       /* 400 / 422: the server refused the request */
  BOTTEGA_PROVIDER_ERROR_RATE_LIMITED,  /* 429 */
  BOTTEGA_PROVIDER_ERROR_SERVER,        /* 5xx */
  BOTTEGA_PROVIDER_ERROR_MALFORMED,     /* the answer is not the JSON the contract promises */
  BOTTEGA_PROVIDER_ERROR_INSECURE_URL,  /* http:// to anything but loopback, or not a URL */
  BOTTEGA_PROVIDER_ERROR_TOO_LARGE,     /* a body or file beyond the limits */
} BottegaProviderError;

GQuark   bottega_provider_error_quark        (void);
/* TRUE for errors after which the same request may succeed later
 * (network, timeout, 429, 5xx). */
gboolean bottega_provider_error_is_transient (const GError *error);

G_END_DECLS
