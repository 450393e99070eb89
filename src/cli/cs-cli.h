/* cs-cli.h: what crm-sync's commands share: options, exit statuses,
 * waiting, output, and reading secrets from standard input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cs-core.h"

G_BEGIN_DECLS

enum {
  CS_EXIT_OK = 0,
  CS_EXIT_FAILURE = 1,
  CS_EXIT_USAGE = 2,
  CS_EXIT_REAUTHORIZE = 3,      /* the stored authorization no longer works */
  CS_EXIT_ACCESS_PROBLEMS = 4,  /* the audit found blocking problems: nothing was recorded */
  CS_EXIT_WRONG_ORG = 5,        /* a re-authorization logged in to another org: nothing changed */
  CS_EXIT_SYNC_RUNNING = 6,     /* another record sync cycle of the connection is running */
};

/* The command line, parsed. */
typedef struct {
  gboolean   json;
  gboolean   no_audit;
  gboolean   no_pkce;
  gboolean   force;
  gboolean   once;          /* sync: one cycle (the default) */
  gboolean   watch;         /* sync: a cycle every 5 minutes until stopped */
  gboolean   errors;        /* status: list the errors of the last 5 days */
  int        api_reserve;   /* sync: --api-reserve PERCENT, -1 when not given */
  char     **objects;       /* --object, repeatable */
  char      *name;          /* --name */
  char      *login_url;     /* --login-url */
  char      *consumer_key;  /* --consumer-key (not a secret: the app's id) */
  char      *reveal;        /* --reveal consumer-secret|consumer-key */
} CsCliOptions;

extern CsCliOptions cs_cli_options;

/* Iterates the default main context until *result is set; a
 * GAsyncReadyCallback for it is cs_cli_store_result. */
void          cs_cli_store_result (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *cs_cli_wait         (GAsyncResult **result);

/* The id of the connection @name_or_id names, or with NULL of the only
 * one stored; CS_ERROR_INVALID_INPUT when there is none, several or no
 * such one. */
char         *cs_cli_dup_connection_id (CsConnectionVault  *vault,
                                        const char         *name_or_id,
                                        GError            **error);
/* The same for a command's NAME argument, remembered for a notification;
 * NULL after reporting why, with the exit status in *@status (a usage
 * error when NAME is missing and none or several are stored). */
char         *cs_cli_resolve_connection (CsConnectionVault  *vault,
                                         const char         *name,
                                         int                *status);

/* The vault of the default database, or NULL after printing the error
 * (*status set). */
CsConnectionVault *cs_cli_open_vault (int *status);
/* Waits for the vault's rotated-token writes to end; one the keyring
 * refused is given up (the connection marked) and reported. Returns
 * @status, or CS_EXIT_REAUTHORIZE when a token was lost. */
int           cs_cli_finish_vault (CsConnectionVault *vault,
                                   const char        *connection_id,
                                   int                status);

void          cs_cli_print_json   (JsonBuilder   *builder);
/* Prints @error (as {"error", "message"} with --json) and returns the exit
 * status it calls for. */
int           cs_cli_report_error (const GError  *error);
/* The exit status for @error, without printing. */
int           cs_cli_status_for_error (const GError *error);
/* "crm-sync: warning: …" on standard error. */
void          cs_cli_warn         (const char    *message);

/* One line of standard input (without its newline), or NULL with an error
 * naming @what (“the consumer secret”) at its end. On a terminal, @prompt
 * is shown first on standard error; @secret turns echo off meanwhile. The
 * line is a secret or an authorization code: free it with
 * cs_secret_wipe_free(). */
char         *cs_cli_read_line    (const char    *prompt,
                                   const char    *what,
                                   gboolean       secret,
                                   GError       **error);

/* "2025-03-01 14:05" in local time, or "never" for 0. */
char         *cs_cli_format_time  (gint64         unix_seconds);

void          cs_cli_builder_add_string (JsonBuilder *builder,
                                         const char  *name,
                                         const char  *value);
void          cs_cli_builder_add_time   (JsonBuilder *builder,
                                         const char  *name,
                                         gint64       unix_seconds);

/* The connection's facts every JSON answer about it carries: id, name,
 * environment, login host, org, instance, user and profile. */
void          cs_cli_builder_add_connection (JsonBuilder        *builder,
                                             const CsConnection *connection);

/* The stored consumer key or secret of @connection_id (NULL without error
 * when missing); free with cs_secret_wipe_free(). */
char         *cs_cli_reveal       (CsConnectionVault *vault,
                                   const char        *connection_id,
                                   CsSecretKind       kind,
                                   GError           **error);

/* After exit status 3 in a desktop session: a notification, as CRM Sync
 * Setup, whose action opens the wizard on the connection @name_or_id (NULL:
 * the one remembered). Sends nothing without a notification service. */
void          cs_cli_notify_reauthorization (const char *name_or_id);
/* The connection a command resolved by itself (without NAME). */
void          cs_cli_remember_connection    (const char *name_or_id);

/* The commands, one file each. */
int cs_cli_command_connections (void);
int cs_cli_command_credentials (const char *name);
int cs_cli_command_connect     (void);
int cs_cli_command_reauthorize (const char *name);
int cs_cli_command_replace_secret (const char *name);
int cs_cli_command_check       (const char *name);
int cs_cli_command_test        (const char *name);
int cs_cli_command_forget      (const char *name);
int cs_cli_command_fields      (const char *name);
int cs_cli_command_sync        (const char *name);
int cs_cli_command_status      (const char *name);
int cs_cli_command_pause       (const char *name);
int cs_cli_command_resume      (const char *name);

G_END_DECLS
