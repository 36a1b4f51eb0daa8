/* bottega-provider-error.c: errors of the provider layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-provider"

#include "config.h"

#include "bottega-provider-error.h"

G_DEFINE_QUARK (bottega-provider-error-quark, bottega_provider_error)

gboolean
bottega_provider_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != BOTTEGA_PROVIDER_ERROR)
    return FALSE;

  switch ((BottegaProviderError) error->code)
    {
    case BOTTEGA_PROVIDER_ERROR_NETWORK:
    case BOTTEGA_PROVIDER_ERROR_TIMEOUT:
    case BOTTEGA_PROVIDER_ERROR_RATE_LIMITED:
    case BOTTEGA_PROVIDER_ERROR_SERVER:
      return TRUE;

    case BOTTEGA_PROVIDER_ERROR_FAILED:
    case BOTTEGA_PROVIDER_ERROR_UNAUTHORIZED:
    case BOTTEGA_PROVIDER_ERROR_FORBIDDEN:
    case BOTTEGA_PROVIDER_ERROR_NOT_FOUND:
    case BOTTEGA_PROVIDER_ERROR_INVALID:
    case BOTTEGA_PROVIDER_ERROR_MALFORMED:
    case BOTTEGA_PROVIDER_ERROR_INSECURE_URL:
    case BOTTEGA_PROVIDER_ERROR_TOO_LARGE:
    default:
      return FALSE;
    }
}
