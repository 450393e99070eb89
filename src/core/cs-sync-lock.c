/* cs-sync-lock.c: one record sync cycle at a time per connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1   /* F_OFD_SETLK, F_OFD_GETLK */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cs-error.h"
#include "cs-file-util.h"
#include "cs-sync-lock.h"

struct _CsSyncLock {
  int   fd;
  char *path;
};

char *
cs_sync_lock_path_for (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);
  return g_strconcat (database_path, ".lock", NULL);
}

/* The process the file names (written by its holder), or 0. */
static gint64
read_pid (int fd)
{
  char buffer[32] = { 0 };
  gint64 pid = 0;
  ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);

  if (n <= 0 || !g_ascii_string_to_signed (g_strstrip (buffer), 10, 1, G_MAXINT32, &pid, NULL))
    return 0;
  return pid;
}

static int
open_lock_file (const char  *path,
                GError     **error)
{
  g_autofree char *folder = NULL;
  /* Close-on-exec: a program the sync starts (systemctl) must not keep it. */
  int fd = cs_file_open_private (path, &folder);
  int saved_errno = errno;

  if (fd >= 0)
    return fd;
  if (folder != NULL)
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("Could not create the folder %s (%s). Check that its parent folder is "
                   "writable, then try again."), folder, g_strerror (saved_errno));
  else
    g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                 _("Could not open the sync lock file %s (%s). Check that its folder is "
                   "writable, then try again."), path, g_strerror (saved_errno));
  return -1;
}

/* An open file description lock over the whole file: like flock(2) it
 * belongs to this open file and ends when it closes, and unlike flock(2)
 * another open file can ask about it (F_OFD_GETLK) without taking it, so
 * that looking never gets in the way of a cycle that starts. */
static gboolean
set_lock (int   fd,
          short type)
{
  struct flock request = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

  return fcntl (fd, F_OFD_SETLK, &request) == 0;
}

CsSyncLock *
cs_sync_lock_acquire (const char  *database_path,
                      GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *pid_text = NULL;
  CsSyncLock *lock;
  int fd;

  g_return_val_if_fail (database_path != NULL, NULL);

  path = cs_sync_lock_path_for (database_path);
  fd = open_lock_file (path, error);
  if (fd < 0)
    return NULL;

  if (!set_lock (fd, F_WRLCK))
    {
      int saved_errno = errno;
      gint64 pid = read_pid (fd);

      close (fd);
      if (saved_errno == EAGAIN || saved_errno == EACCES)
        {
          if (pid > 0)
            g_set_error (error, CS_ERROR, CS_ERROR_SYNC_RUNNING,
                         /* Translators: %ld is a process id */
                         _("A sync is already running for this connection (process %ld). Wait "
                           "for it to finish; the next one starts five minutes after it."),
                         (long) pid);
          else
            g_set_error_literal (error, CS_ERROR, CS_ERROR_SYNC_RUNNING,
                                 _("A sync is already running for this connection. Wait for it "
                                   "to finish; the next one starts five minutes after it."));
        }
      else
        g_set_error (error, CS_ERROR, CS_ERROR_STORE,
                     _("Could not lock %s (%s). Check that the file system supports locks, "
                       "then try again."), path, g_strerror (saved_errno));
      return NULL;
    }

  /* Who holds it, for the message a second starter shows. */
  pid_text = g_strdup_printf ("%ld\n", (long) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid_text, strlen (pid_text), 0) < 0)
    g_debug ("Could not write the process id into %s: %s", path, g_strerror (errno));

  lock = g_new0 (CsSyncLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  return lock;
}

void
cs_sync_lock_release (CsSyncLock *lock)
{
  if (lock == NULL)
    return;
  /* Closing drops the lock; the file stays for the next holder, without
   * a process id that would name this one after it ended. */
  if (ftruncate (lock->fd, 0) != 0)
    g_debug ("Could not clear the process id in %s: %s", lock->path, g_strerror (errno));
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}

gboolean
cs_sync_lock_is_held (const char *database_path,
                      gint64     *pid)
{
  g_autofree char *path = NULL;
  gboolean held;
  int fd;

  g_return_val_if_fail (database_path != NULL, FALSE);

  if (pid != NULL)
    *pid = 0;
  path = cs_sync_lock_path_for (database_path);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  /* Asked through our own open file description, so that a lock held
   * elsewhere in this process counts too; asking takes nothing. */
  {
    struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };

    held = fcntl (fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  }
  if (held && pid != NULL)
    *pid = read_pid (fd);
  close (fd);
  return held;
}
