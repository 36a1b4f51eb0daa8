/* bottega-image-viewer.c: a photo attachment at full size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bottega-ui"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bottega-application.h"
#include "bottega-attachment-view-private.h"
#include "bottega-image-viewer.h"
#include "bottega-text.h"

/* Full images are decoded at most this large on their longer side. */
#define VIEWER_DECODE_SIZE 4096
#define ZOOM_STEP          1.25
#define ZOOM_MIN           0.05
#define ZOOM_MAX           8.0

/* ---- the zoomable picture ----
 *
 * GtkPicture sizes itself from the paintable's own size, which a scrolled
 * zoom needs to override: this one asks for exactly image × zoom (or
 * nothing, to fit), and draws centred in whatever it gets. */

#define BOTTEGA_TYPE_ZOOM_IMAGE (bottega_zoom_image_get_type ())
G_DECLARE_FINAL_TYPE (BottegaZoomImage, bottega_zoom_image, BOTTEGA, ZOOM_IMAGE, GtkWidget)

struct _BottegaZoomImage
{
  GtkWidget     parent_instance;
  GdkPaintable *paintable;
  gboolean      fit;
  gboolean      upscale;  /* a small preview standing in for the photo */
  double        zoom;
};

G_DEFINE_FINAL_TYPE (BottegaZoomImage, bottega_zoom_image, GTK_TYPE_WIDGET)

static double
zoom_image_fit_scale (BottegaZoomImage *self,
                      int               width,
                      int               height)
{
  int image_width = self->paintable != NULL ? gdk_paintable_get_intrinsic_width (self->paintable) : 0;
  int image_height = self->paintable != NULL ? gdk_paintable_get_intrinsic_height (self->paintable) : 0;

  if (image_width <= 0 || image_height <= 0 || width <= 0 || height <= 0)
    return 1.0;

  /* Small pictures stay sharp at their own size rather than blown up. */
  return MIN (self->upscale ? G_MAXDOUBLE : 1.0,
              MIN ((double) width / image_width, (double) height / image_height));
}

static void
bottega_zoom_image_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  BottegaZoomImage *self = BOTTEGA_ZOOM_IMAGE (widget);
  int size = 0;

  if (self->paintable != NULL)
    size = orientation == GTK_ORIENTATION_HORIZONTAL
      ? gdk_paintable_get_intrinsic_width (self->paintable)
      : gdk_paintable_get_intrinsic_height (self->paintable);

  if (self->fit)
    {
      *minimum = 0;
      *natural = size;
    }
  else
    *minimum = *natural = (int) ceil (size * self->zoom);
}

static void
bottega_zoom_image_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  BottegaZoomImage *self = BOTTEGA_ZOOM_IMAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double scale;
  double shown_width;
  double shown_height;

  if (self->paintable == NULL)
    return;

  scale = self->fit ? zoom_image_fit_scale (self, width, height) : self->zoom;
  shown_width = gdk_paintable_get_intrinsic_width (self->paintable) * scale;
  shown_height = gdk_paintable_get_intrinsic_height (self->paintable) * scale;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (floor (MAX (0, (width - shown_width) / 2)),
                                                          floor (MAX (0, (height - shown_height) / 2))));
  gdk_paintable_snapshot (self->paintable, snapshot, shown_width, shown_height);
  gtk_snapshot_restore (snapshot);
}

static void
bottega_zoom_image_dispose (GObject *object)
{
  BottegaZoomImage *self = BOTTEGA_ZOOM_IMAGE (object);

  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (bottega_zoom_image_parent_class)->dispose (object);
}

static void
bottega_zoom_image_class_init (BottegaZoomImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bottega_zoom_image_dispose;
  widget_class->measure = bottega_zoom_image_measure;
  widget_class->snapshot = bottega_zoom_image_snapshot;
  gtk_widget_class_set_css_name (widget_class, "zoomimage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bottega_zoom_image_init (BottegaZoomImage *self)
{
  self->fit = TRUE;
  self->zoom = 1.0;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

static void
zoom_image_set_paintable (BottegaZoomImage *self,
                          GdkPaintable     *paintable)
{
  if (g_set_object (&self->paintable, paintable))
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
zoom_image_set_zoom (BottegaZoomImage *self,
                     gboolean          fit,
                     double            zoom)
{
  self->fit = fit;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* ---- the window ---- */

struct _BottegaImageViewer
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkLabel          *zoom_label;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  BottegaZoomImage  *image;
  AdwStatusPage     *error_page;
  GtkSpinner        *spinner;

  BottegaAttachment *attachment;
  gint64             account_id;
  GCancellable      *cancellable;
  GFile             *file;
  GdkTexture        *texture;

  gboolean           loaded;
  guint              update_source;
  double             gesture_start_zoom;
};

G_DEFINE_FINAL_TYPE (BottegaImageViewer, bottega_image_viewer, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ATTACHMENT,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
effective_zoom (BottegaImageViewer *self)
{
  if (!self->image->fit)
    return self->image->zoom;
  return zoom_image_fit_scale (self->image,
                               gtk_widget_get_width (GTK_WIDGET (self->scroller)),
                               gtk_widget_get_height (GTK_WIDGET (self->scroller)));
}

static void
update_zoom_controls (BottegaImageViewer *self)
{
  double zoom = effective_zoom (self);
  g_autofree char *text = NULL;

  /* Translators: a zoom level; %.0f is a number, %% the percent sign */
  text = g_strdup_printf (_("%.0f%%"), zoom * 100);
  gtk_label_set_text (self->zoom_label, self->loaded ? text : "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", self->loaded && zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", self->loaded && zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-fit", self->loaded && !self->image->fit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-original", self->loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.save-as", self->file != NULL);
}

/* Keeps the point in the middle of the view there through a zoom: the
 * adjustment gets the size the zoomed image is about to have, and the
 * viewport keeps a value that fits when it lays the image out. */
static void
keep_center (GtkAdjustment *adjustment,
             int            image_size,
             double         old_zoom,
             double         new_zoom,
             gboolean       fit)
{
  double page = gtk_adjustment_get_page_size (adjustment);
  double old_upper = MAX (gtk_adjustment_get_upper (adjustment), 1.0);
  double center = (gtk_adjustment_get_value (adjustment) + page / 2) / old_upper;
  double upper;

  if (fit || old_zoom <= 0)
    center = 0.5;
  upper = MAX (ceil (image_size * new_zoom), page);
  gtk_adjustment_configure (adjustment, center * upper - page / 2, 0, upper,
                            page * 0.1, page * 0.9, page);
}

static void
set_zoom (BottegaImageViewer *self,
          gboolean            fit,
          double              zoom)
{
  if (!self->loaded)
    return;

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (fit == self->image->fit && (fit || fabs (zoom - self->image->zoom) < 1e-6))
    return;

  if (!fit && self->image->paintable != NULL)
    {
      gboolean was_fit = self->image->fit;
      double old_zoom = effective_zoom (self);

      keep_center (gtk_scrolled_window_get_hadjustment (self->scroller),
                   gdk_paintable_get_intrinsic_width (self->image->paintable), old_zoom, zoom, was_fit);
      keep_center (gtk_scrolled_window_get_vadjustment (self->scroller),
                   gdk_paintable_get_intrinsic_height (self->image->paintable), old_zoom, zoom, was_fit);
    }
  gtk_scrolled_window_set_policy (self->scroller,
                                  fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC,
                                  fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
  zoom_image_set_zoom (self->image, fit, zoom);
  update_zoom_controls (self);
}

static gboolean
update_zoom_controls_idle (gpointer user_data)
{
  BottegaImageViewer *self = user_data;

  self->update_source = 0;
  update_zoom_controls (self);
  return G_SOURCE_REMOVE;
}

static void
on_scroller_resized (BottegaImageViewer *self)
{
  /* The shown percentage follows the window while fitting; not from within
   * the layout that resized it, which a label's new text would upset. */
  if (self->image->fit && self->update_source == 0)
    self->update_source = g_idle_add (update_zoom_controls_idle, self);
}

static void
zoom_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (widget);

  set_zoom (self, FALSE, effective_zoom (self) * ZOOM_STEP);
}

static void
zoom_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (widget);

  set_zoom (self, FALSE, effective_zoom (self) / ZOOM_STEP);
}

static void
zoom_fit_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_zoom (BOTTEGA_IMAGE_VIEWER (widget), TRUE, 1.0);
}

static void
zoom_original_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  set_zoom (BOTTEGA_IMAGE_VIEWER (widget), FALSE, 1.0);
}

static void
save_as_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (widget);

  if (self->file == NULL)
    return;
  bottega_attachment_save_as (widget, self->file,
                              bottega_attachment_get_file_name (self->attachment),
                              bottega_attachment_get_extension (self->attachment));
}

static void
on_zoom_gesture_begin (BottegaImageViewer *self,
                       GdkEventSequence   *sequence,
                       GtkGesture         *gesture)
{
  self->gesture_start_zoom = effective_zoom (self);
}

static void
on_zoom_gesture_scale_changed (BottegaImageViewer *self,
                               double              scale,
                               GtkGestureZoom     *gesture)
{
  set_zoom (self, FALSE, self->gesture_start_zoom * scale);
}

static gboolean
on_scroll (BottegaImageViewer       *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  /* Ctrl+scroll zooms; a plain scroll moves around. */
  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  set_zoom (self, FALSE, effective_zoom (self) * pow (ZOOM_STEP, -dy));
  return TRUE;
}

/* ---- loading ---- */

static void
show_error (BottegaImageViewer *self,
            const GError       *error)
{
  g_autofree char *text = NULL;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  /* With the thumbnail on screen, it stays, and a toast says why there is
   * nothing sharper. */
  if (self->image->paintable != NULL)
    {
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("Could not load the full photo: %s"), error->message);
      bottega_image_viewer_toast (self, text);
      self->loaded = TRUE;
    }
  else
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  update_zoom_controls (self);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = bottega_attachment_decode_image (G_FILE (task_data), VIEWER_DECODE_SIZE, cancellable, &error);
  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
decoded (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BottegaImageViewer) self = user_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *size = NULL;

  pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (pixbuf == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_object (&self->texture);
  self->texture = gdk_texture_new_for_pixbuf (pixbuf);
  self->image->upscale = FALSE;
  zoom_image_set_paintable (self->image, GDK_PAINTABLE (self->texture));
  self->loaded = TRUE;

  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  size = bottega_attachment_size_text (bottega_attachment_get_file_size (self->attachment));
  /* Translators: a photo's width × height in pixels, then its file size */
  subtitle = size != NULL
    ? g_strdup_printf (_("%d × %d · %s"), gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), size)
    : g_strdup_printf (_("%d × %d"), gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  update_zoom_controls (self);
}

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BottegaImageViewer) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  file = bottega_media_cache_fetch_finish (BOTTEGA_MEDIA_CACHE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (file == NULL)
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->file, file);
  update_zoom_controls (self);

  /* Decoding a large photo takes a while: never on the main thread. */
  task = g_task_new (NULL, self->cancellable, decoded, g_object_ref (self));
  g_task_set_source_tag (task, fetched);
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, decode_thread);
}

static void
load (BottegaImageViewer *self)
{
  GApplication *app = g_application_get_default ();
  BottegaSyncEngine *engine;

  const char *local_path = bottega_attachment_get_local_path (self->attachment);

  gtk_spinner_start (self->spinner);

  /* A reply not sent yet: the user's own file. */
  if (local_path != NULL && *local_path != '\0' && g_file_test (local_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, decoded, g_object_ref (self));

      self->file = g_file_new_for_path (local_path);
      g_task_set_source_tag (task, load);
      g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
      g_task_run_in_thread (task, decode_thread);
      return;
    }

  if (!BOTTEGA_IS_APPLICATION (app))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("The photo is not available"));

      show_error (self, error);
      return;
    }

  engine = bottega_application_get_engine (BOTTEGA_APPLICATION (app), self->account_id);
  bottega_media_cache_fetch_async (bottega_application_get_media_cache (BOTTEGA_APPLICATION (app)),
                                   engine != NULL ? bottega_sync_engine_get_client (engine) : NULL,
                                   self->attachment, self->account_id, FALSE,
                                   self->cancellable, fetched, g_object_ref (self));
}

/* ---- GObject ---- */

static void
bottega_image_viewer_constructed (GObject *object)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (object);
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (bottega_image_viewer_parent_class)->constructed (object);

  if (self->attachment == NULL)
    self->attachment = bottega_attachment_new ();

  name = bottega_text_one_line (bottega_attachment_get_file_name (self->attachment), 120);
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (_("Photo"));
    }
  adw_window_title_set_title (self->window_title, name);
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  update_zoom_controls (self);
  load (self);
}

static void
bottega_image_viewer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_value_set_object (value, self->attachment);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_image_viewer_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (object);

  switch (prop_id)
    {
    case PROP_ATTACHMENT:
      g_set_object (&self->attachment, g_value_get_object (value));
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bottega_image_viewer_dispose (GObject *object)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_object (&self->file);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (bottega_image_viewer_parent_class)->dispose (object);
}

static void
bottega_image_viewer_finalize (GObject *object)
{
  BottegaImageViewer *self = BOTTEGA_IMAGE_VIEWER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->attachment);

  G_OBJECT_CLASS (bottega_image_viewer_parent_class)->finalize (object);
}

static void
bottega_image_viewer_class_init (BottegaImageViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bottega_image_viewer_constructed;
  object_class->get_property = bottega_image_viewer_get_property;
  object_class->set_property = bottega_image_viewer_set_property;
  object_class->dispose = bottega_image_viewer_dispose;
  object_class->finalize = bottega_image_viewer_finalize;

  properties[PROP_ATTACHMENT] =
    g_param_spec_object ("attachment", NULL, NULL,
                         BOTTEGA_TYPE_ATTACHMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BOTTEGA_TYPE_ZOOM_IMAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bottega_chat/Bottega/bottega-image-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, window_title);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, scroller);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, image);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, error_page);
  gtk_widget_class_bind_template_child (widget_class, BottegaImageViewer, spinner);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_in_activated);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_out_activated);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_fit_activated);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-original", NULL, zoom_original_activated);
  gtk_widget_class_install_action (widget_class, "viewer.save-as", NULL, save_as_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "viewer.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
bottega_image_viewer_init (BottegaImageViewer *self)
{
  GtkEventController *scroll;
  GtkGesture *zoom;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->gesture_start_zoom = 1.0;

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_object (zoom, "begin", G_CALLBACK (on_zoom_gesture_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (zoom, "scale-changed", G_CALLBACK (on_zoom_gesture_scale_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (on_scroll), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "notify::page-size",
                           G_CALLBACK (on_scroller_resized), self, G_CONNECT_SWAPPED);
}

BottegaImageViewer *
bottega_image_viewer_new (GtkWindow         *parent,
                          BottegaAttachment *attachment,
                          gint64             account_id,
                          GdkPaintable      *preview)
{
  BottegaImageViewer *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BOTTEGA_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (preview == NULL || GDK_IS_PAINTABLE (preview), NULL);

  self = g_object_new (BOTTEGA_TYPE_IMAGE_VIEWER,
                       "attachment", attachment,
                       "account-id", account_id,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);

  /* The thumbnail, blown up, until the sharp picture is decoded. */
  if (preview != NULL && !self->loaded && self->image->paintable == NULL)
    {
      self->image->upscale = TRUE;
      zoom_image_set_paintable (self->image, preview);
    }

  return self;
}

void
bottega_image_viewer_toast (BottegaImageViewer *self,
                            const char         *text)
{
  g_return_if_fail (BOTTEGA_IS_IMAGE_VIEWER (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, bottega_toast_new (text));
}

double
bottega_image_viewer_get_zoom (BottegaImageViewer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_IMAGE_VIEWER (self), 1.0);

  return effective_zoom (self);
}

gboolean
bottega_image_viewer_get_fit (BottegaImageViewer *self)
{
  g_return_val_if_fail (BOTTEGA_IS_IMAGE_VIEWER (self), TRUE);

  return self->image->fit;
}
