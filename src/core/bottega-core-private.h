/* bottega-core-private.h: helpers shared by the core models' setters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces *@str_ptr with a copy of @new_str; returns FALSE, changing
 * nothing, when both are equal (so the caller does not notify). */
static inline gboolean
bottega_core_set_str (char       **str_ptr,
                      const char  *new_str)
{
  char *copy;

  g_assert (str_ptr != NULL);

  if (g_strcmp0 (*str_ptr, new_str) == 0)
    return FALSE;

  /* Copy first: @new_str may point into the old value. */
  copy = g_strdup (new_str);
  g_free (*str_ptr);
  *str_ptr = copy;

  return TRUE;
}

/* Like bottega_core_set_str() for a string vector that is never NULL: a NULL
 * @new_strv is stored as an empty vector. */
static inline gboolean
bottega_core_set_strv (char               ***strv_ptr,
                       const char * const   *new_strv)
{
  static const char * const empty[] = { NULL };
  char **copy;

  g_assert (strv_ptr != NULL);
  g_assert (*strv_ptr != NULL);

  if (new_strv == NULL)
    new_strv = empty;

  if (g_strv_equal ((const char * const *)*strv_ptr, new_strv))
    return FALSE;

  copy = g_strdupv ((char **)new_strv);
  g_strfreev (*strv_ptr);
  *strv_ptr = copy;

  return TRUE;
}

G_END_DECLS
