/* cs-file-util.c: files only their owner may read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cs-file-util.h"

int
cs_file_open_private (const char  *path,
                      char       **failed_folder)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (failed_folder != NULL)
    *failed_folder = NULL;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      if (failed_folder != NULL)
        *failed_folder = g_steal_pointer (&folder);
      errno = saved_errno;
      return -1;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && fchmod (fd, 0600) != 0)
    g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));
  return fd;
}
