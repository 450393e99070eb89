/* cs-practice-soql.c: tokenizer, parser and evaluator for a SOQL subset.
 *
 * Error messages follow the real API's shape (the query line, a caret, the
 * row and column, then the reason) so that a client showing them to an
 * admin can be tried against the practice org.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <string.h>

#include "cs-practice-soql.h"
#include "cs-practice-records.h"

G_DEFINE_QUARK (cs-soql-error-quark, cs_soql_error)

const char *
cs_soql_error_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CS_SOQL_ERROR)
    return "UNKNOWN_EXCEPTION";

  switch ((CsSoqlError) error->code)
    {
    case CS_SOQL_ERROR_MALFORMED_QUERY:
      return "MALFORMED_QUERY";
    case CS_SOQL_ERROR_INVALID_FIELD:
      return "INVALID_FIELD";
    case CS_SOQL_ERROR_INVALID_TYPE:
      return "INVALID_TYPE";
    case CS_SOQL_ERROR_INVALID_FILTER:
      return "INVALID_QUERY_FILTER_OPERATOR";
    case CS_SOQL_ERROR_TOO_COMPLICATED:
      return "QUERY_TOO_COMPLICATED";
    default:
      return "UNKNOWN_EXCEPTION";
    }
}

/* ---- tokens ---------------------------------------------------------------- */

typedef enum {
  T_EOF,
  T_IDENT,
  T_STRING,
  T_NUMBER,
  T_DATE,
  T_DATETIME,
  T_COMMA,
  T_LPAREN,
  T_RPAREN,
  T_OP,
} TokenKind;

typedef struct {
  TokenKind  kind;
  char      *text;      /* identifiers and operators as written; strings unescaped */
  char      *pattern;   /* strings: with \% and \_ kept, for LIKE */
  gsize      offset;
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_free (token->text);
  g_free (token->pattern);
}

static void G_GNUC_PRINTF (5, 6)
set_error (GError    **error,
           CsSoqlError code,
           const char *soql,
           gsize       offset,
           const char *format,
           ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *line = NULL;
  g_autofree char *caret = NULL;
  const char *line_start = soql;
  const char *p;
  guint row = 1;
  gsize column;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  for (p = soql; *p != '\0' && (gsize) (p - soql) < offset; p++)
    if (*p == '\n')
      {
        row++;
        line_start = p + 1;
      }
  column = offset - (gsize) (line_start - soql);
  line = g_strndup (line_start, strcspn (line_start, "\n"));
  caret = g_strnfill (column, ' ');

  g_set_error (error, CS_SOQL_ERROR, code, "\n%s\n%s^\nERROR at Row:%u:Column:%" G_GSIZE_FORMAT "\n%s",
               line, caret, row, column + 1, reason);
}

static gboolean
looks_like_date (const char *text)
{
  guint i;

  if (strlen (text) < 10)
    return FALSE;
  for (i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
tokenize (const char *soql,
          GArray     *tokens,
          GError    **error)
{
  const char *p = soql;

  while (TRUE)
    {
      Token token = { 0 };

      while (g_ascii_isspace (*p))
        p++;
      token.offset = (gsize) (p - soql);

      if (*p == '\0')
        {
          token.kind = T_EOF;
          token.text = g_strdup ("<EOF>");
          g_array_append_val (tokens, token);
          return TRUE;
        }

      if (*p == ',' || *p == '(' || *p == ')')
        {
          token.kind = *p == ',' ? T_COMMA : *p == '(' ? T_LPAREN : T_RPAREN;
          token.text = g_strndup (p, 1);
          p++;
        }
      else if (*p == '=' || *p == '<' || *p == '>' || (*p == '!' && p[1] == '='))
        {
          gsize len = 1;

          if ((p[0] == '<' && (p[1] == '=' || p[1] == '>')) ||
              (p[0] == '>' && p[1] == '=') || p[0] == '!')
            len = 2;
          token.kind = T_OP;
          token.text = g_strndup (p, len);
          p += len;
        }
      else if (*p == '\'')
        {
          GString *text = g_string_new (NULL);
          GString *pattern = g_string_new (NULL);

          p++;
          while (*p != '\0' && *p != '\'')
            {
              if (*p == '\\' && p[1] != '\0')
                {
                  char c = p[1];

                  switch (c)
                    {
                    case 'n':
                      g_string_append_c (text, '\n');
                      g_string_append_c (pattern, '\n');
                      break;
                    case 't':
                      g_string_append_c (text, '\t');
                      g_string_append_c (pattern, '\t');
                      break;
                    case 'r':
                      g_string_append_c (text, '\r');
                      g_string_append_c (pattern, '\r');
                      break;
                    case '%':
                    case '_':
                      /* Literal wildcard characters for LIKE. */
                      g_string_append_c (text, c);
                      g_string_append_c (pattern, '\\');
                      g_string_append_c (pattern, c);
                      break;
                    default:
                      g_string_append_c (text, c);
                      g_string_append_c (pattern, c);
                      break;
                    }
                  p += 2;
                }
              else
                {
                  g_string_append_c (text, *p);
                  g_string_append_c (pattern, *p);
                  p++;
                }
            }
          if (*p != '\'')
            {
              g_string_free (text, TRUE);
              g_string_free (pattern, TRUE);
              set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, soql, token.offset,
                         "line 1:%" G_GSIZE_FORMAT " mismatched character '<EOF>' expecting '''",
                         (gsize) (p - soql));
              return FALSE;
            }
          p++;
          token.kind = T_STRING;
          token.text = g_string_free (text, FALSE);
          token.pattern = g_string_free (pattern, FALSE);
        }
      else if (g_ascii_isdigit (*p) || (*p == '-' && g_ascii_isdigit (p[1])))
        {
          const char *start = p;
          char *end = NULL;

          p++;
          while (g_ascii_isalnum (*p) || *p == '.' || *p == ':' || *p == '-' || *p == '+')
            p++;
          token.text = g_strndup (start, (gsize) (p - start));

          if (looks_like_date (token.text) && token.text[10] == '\0')
            token.kind = T_DATE;
          else if (looks_like_date (token.text) && token.text[10] == 'T')
            {
              g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (token.text, NULL);

              if (dt == NULL)
                {
                  set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, soql, token.offset,
                             "line 1:%" G_GSIZE_FORMAT " no viable alternative at character '%s'",
                             token.offset, token.text);
                  g_free (token.text);
                  return FALSE;
                }
              token.kind = T_DATETIME;
            }
          else
            {
              g_ascii_strtod (token.text, &end);
              if (end == NULL || *end != '\0')
                {
                  set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, soql, token.offset,
                             "unexpected token: '%s'", token.text);
                  g_free (token.text);
                  return FALSE;
                }
              token.kind = T_NUMBER;
            }
        }
      else if (g_ascii_isalpha (*p) || *p == '_')
        {
          const char *start = p;

          while (g_ascii_isalnum (*p) || *p == '_' || *p == '.')
            p++;
          token.kind = T_IDENT;
          token.text = g_strndup (start, (gsize) (p - start));
        }
      else
        {
          set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, soql, token.offset,
                     "line 1:%" G_GSIZE_FORMAT " no viable alternative at character '%c'",
                     token.offset, *p);
          return FALSE;
        }

      g_array_append_val (tokens, token);
    }
}

/* ---- query model ---------------------------------------------------------------- */

typedef struct {
  GPtrArray   *refs;       /* reference field names to follow */
  GPtrArray   *rels;       /* their relationship names, for output */
  char        *field;      /* the final field's canonical name */
  CsFieldType  type;
  guint32      flags;      /* the final field's CS_FF_* */
  char        *lower;      /* full path, lower case: duplicate detection */
} Path;

static void
path_free (Path *path)
{
  if (path == NULL)
    return;
  g_ptr_array_unref (path->refs);
  g_ptr_array_unref (path->rels);
  g_free (path->field);
  g_free (path->lower);
  g_free (path);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Path, path_free)

typedef enum {
  L_NULL,
  L_STRING,
  L_NUMBER,
  L_BOOLEAN,
  L_DATE,
  L_DATETIME,
} LiteralKind;

typedef struct {
  LiteralKind kind;
  char       *text;       /* strings, dates */
  char       *pattern;    /* strings, for LIKE */
  double      number;
  gboolean    boolean;
  gint64      time;       /* datetimes, unix seconds */
} Literal;

static void
literal_free (Literal *literal)
{
  g_free (literal->text);
  g_free (literal->pattern);
  g_free (literal);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Literal, literal_free)

typedef enum {
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_LIKE,
  OP_IN,
  OP_NOT_IN,
} CompareOp;

typedef enum {
  C_AND,
  C_OR,
  C_NOT,
  C_COMPARE,
} CondKind;

/* AND and OR keep their operands in one flat list, so that a long chain
 * of them is a loop, never a deep recursion; only parentheses and NOT
 * nest, and the parser bounds that. */
typedef struct Cond Cond;
struct Cond {
  CondKind   kind;
  GPtrArray *operands;    /* AND, OR: Cond*, two or more; NOT: one */
  Path      *path;
  CompareOp  op;
  GPtrArray *literals;    /* Literal* */
};

static void
cond_free (Cond *cond)
{
  if (cond == NULL)
    return;
  if (cond->operands != NULL)
    g_ptr_array_unref (cond->operands);
  path_free (cond->path);
  if (cond->literals != NULL)
    g_ptr_array_unref (cond->literals);
  g_free (cond);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cond, cond_free)

static Cond *
cond_new (CondKind kind)
{
  Cond *cond = g_new0 (Cond, 1);

  cond->kind = kind;
  if (kind == C_COMPARE)
    cond->literals = g_ptr_array_new_with_free_func ((GDestroyNotify) literal_free);
  else
    cond->operands = g_ptr_array_new_with_free_func ((GDestroyNotify) cond_free);
  return cond;
}

typedef struct {
  Path     *path;
  gboolean  descending;
  gboolean  nulls_last;
} OrderItem;

static void
order_item_free (OrderItem *item)
{
  path_free (item->path);
  g_free (item);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrderItem, order_item_free)

/* The shape of an output record: fields and nested relationship objects. */
typedef struct OutNode OutNode;
struct OutNode {
  char        *key;
  char        *field;       /* leaf */
  CsFieldType  type;
  char        *ref_field;   /* relationship: the reference field holding the id */
  GPtrArray   *children;    /* relationship: OutNode* */
};

static void
out_node_free (OutNode *node)
{
  g_free (node->key);
  g_free (node->field);
  g_free (node->ref_field);
  if (node->children != NULL)
    g_ptr_array_unref (node->children);
  g_free (node);
}

struct _CsSoqlResult {
  char      *object_name;
  char      *key_prefix;
  GPtrArray *paths;        /* Path*: the select list, for column metadata */
  gboolean   count_only;
  gboolean   aggregate;
  char      *aggregate_alias;
  guint      aggregate_value;
  GPtrArray *columns;      /* OutNode*, top level */
  GArray    *matches;      /* guint record indices, in answer order */
};

void
cs_soql_result_free (CsSoqlResult *result)
{
  if (result == NULL)
    return;
  g_free (result->object_name);
  g_free (result->key_prefix);
  g_clear_pointer (&result->paths, g_ptr_array_unref);
  g_free (result->aggregate_alias);
  g_ptr_array_unref (result->columns);
  g_array_unref (result->matches);
  g_free (result);
}

guint
cs_soql_result_get_total (CsSoqlResult *result)
{
  if (result->aggregate)
    return 1;
  return result->matches->len;
}

guint
cs_soql_result_get_n_records (CsSoqlResult *result)
{
  if (result->count_only)
    return 0;
  return cs_soql_result_get_total (result);
}

/* ---- parser --------------------------------------------------------------------- */

typedef struct {
  const char       *soql;
  GArray           *tokens;
  guint             pos;
  CsPracticeSchema *schema;
  CsPracticeRole    role;
  CsPracticeObject *object;
  guint             depth;      /* parentheses and NOTs open */
} Parser;

static Token *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->pos);
}

static Token *
next (Parser *parser)
{
  Token *token = peek (parser);

  if (token->kind != T_EOF)
    parser->pos++;
  return token;
}

static gboolean
is_keyword (Token      *token,
            const char *keyword)
{
  return token->kind == T_IDENT && g_ascii_strcasecmp (token->text, keyword) == 0;
}

static gboolean
unexpected (Parser  *parser,
            Token   *token,
            GError **error)
{
  set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, parser->soql, token->offset,
             "unexpected token: %s", token->text);
  return FALSE;
}

static gboolean
expect_keyword (Parser     *parser,
                const char *keyword,
                GError    **error)
{
  Token *token = next (parser);

  if (!is_keyword (token, keyword))
    return unexpected (parser, token, error);
  return TRUE;
}

/* Picks the object a relationship leads to; polymorphic lookups (Owner)
 * are checked against User, the target that carries the usual fields. */
static CsPracticeObject *
relationship_target (Parser          *parser,
                     CsPracticeField *field)
{
  CsPracticeObject *first = NULL;
  guint i;

  for (i = 0; field->reference_to != NULL && field->reference_to[i] != NULL; i++)
    {
      CsPracticeObject *target = cs_practice_schema_lookup (parser->schema, field->reference_to[i]);

      if (target == NULL || !cs_practice_object_is_visible (target, parser->role))
        continue;
      if (g_str_equal (target->name, "User"))
        return target;
      if (first == NULL)
        first = target;
    }
  return first;
}

static Path *
bind_path (Parser  *parser,
           Token   *token,
           GError **error)
{
  g_autoptr(Path) path = g_new0 (Path, 1);
  g_auto(GStrv) segments = g_strsplit (token->text, ".", -1);
  CsPracticeObject *object = parser->object;
  CsPracticeField *field;
  guint n = g_strv_length (segments);
  guint i;

  path->refs = g_ptr_array_new_with_free_func (g_free);
  path->rels = g_ptr_array_new_with_free_func (g_free);
  path->lower = g_ascii_strdown (token->text, -1);

  for (i = 0; i + 1 < n; i++)
    {
      CsPracticeField *reference = NULL;
      CsPracticeObject *target = NULL;
      guint j;

      for (j = 0; j < object->fields->len; j++)
        {
          CsPracticeField *candidate = g_ptr_array_index (object->fields, j);

          if (candidate->type == CS_FT_REFERENCE && candidate->relationship_name != NULL &&
              g_ascii_strcasecmp (candidate->relationship_name, segments[i]) == 0 &&
              cs_practice_field_is_visible (candidate, parser->role))
            {
              reference = candidate;
              break;
            }
        }
      if (reference != NULL)
        target = relationship_target (parser, reference);
      if (target == NULL)
        {
          set_error (error, CS_SOQL_ERROR_INVALID_FIELD, parser->soql, token->offset,
                     "Didn't understand relationship '%s' in field path. If you are attempting "
                     "to use a custom relationship, be sure to append the '__r' after the custom "
                     "relationship name. Please reference your WSDL or the describe call for the "
                     "appropriate names.", segments[i]);
          return NULL;
        }
      g_ptr_array_add (path->refs, g_strdup (reference->name));
      g_ptr_array_add (path->rels, g_strdup (reference->relationship_name));
      object = target;
    }

  field = cs_practice_object_lookup_field (object, segments[n - 1]);
  if (field == NULL || !cs_practice_field_is_visible (field, parser->role))
    {
      set_error (error, CS_SOQL_ERROR_INVALID_FIELD, parser->soql, token->offset,
                 "No such column '%s' on entity '%s'. If you are attempting to use a custom "
                 "field, be sure to append the '__c' after the custom field name. Please "
                 "reference your WSDL or the describe call for the appropriate names.",
                 segments[n - 1], object->name);
      return NULL;
    }
  path->field = g_strdup (field->name);
  path->type = field->type;
  path->flags = field->flags;
  return g_steal_pointer (&path);
}

static Path *
parse_path (Parser  *parser,
            GError **error)
{
  Token *token = next (parser);

  if (token->kind != T_IDENT)
    {
      unexpected (parser, token, error);
      return NULL;
    }
  return bind_path (parser, token, error);
}

static const char *
type_for_message (CsFieldType type)
{
  return type == CS_FT_DATETIME ? "dateTime" : cs_field_type_to_string (type);
}

static Literal *
parse_literal (Parser  *parser,
               Path    *path,
               GError **error)
{
  Token *token = next (parser);
  g_autoptr(Literal) literal = g_new0 (Literal, 1);
  gboolean is_number_field = cs_field_type_is_number (path->type) ||
                             path->type == CS_FT_INT || path->type == CS_FT_LONG;
  gboolean is_text_field = !is_number_field && path->type != CS_FT_BOOLEAN &&
                           path->type != CS_FT_DATE && path->type != CS_FT_DATETIME;
  const char *quote_hint = NULL;

  switch (token->kind)
    {
    case T_STRING:
      literal->kind = L_STRING;
      literal->text = g_strdup (token->text);
      literal->pattern = g_strdup (token->pattern);
      if (!is_text_field)
        quote_hint = "should not be enclosed in quotes";
      break;
    case T_NUMBER:
      literal->kind = L_NUMBER;
      literal->number = g_ascii_strtod (token->text, NULL);
      if (!is_number_field)
        quote_hint = is_text_field ? "should be enclosed in quotes" : "";
      break;
    case T_DATE:
      literal->kind = L_DATE;
      literal->text = g_strdup (token->text);
      if (path->type != CS_FT_DATE)
        quote_hint = is_text_field ? "should be enclosed in quotes" : "";
      break;
    case T_DATETIME:
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (token->text, NULL);

        literal->kind = L_DATETIME;
        literal->time = g_date_time_to_unix (dt);
        if (path->type != CS_FT_DATETIME)
          quote_hint = is_text_field ? "should be enclosed in quotes" : "";
      }
      break;
    case T_IDENT:
      if (g_ascii_strcasecmp (token->text, "null") == 0)
        literal->kind = L_NULL;
      else if (g_ascii_strcasecmp (token->text, "true") == 0 ||
               g_ascii_strcasecmp (token->text, "false") == 0)
        {
          literal->kind = L_BOOLEAN;
          literal->boolean = g_ascii_strcasecmp (token->text, "true") == 0;
          if (path->type != CS_FT_BOOLEAN)
            quote_hint = is_text_field ? "should be enclosed in quotes" : "";
        }
      else
        {
          unexpected (parser, token, error);
          return NULL;
        }
      break;
    case T_EOF:
    case T_COMMA:
    case T_LPAREN:
    case T_RPAREN:
    case T_OP:
    default:
      unexpected (parser, token, error);
      return NULL;
    }

  if (quote_hint != NULL)
    {
      set_error (error, CS_SOQL_ERROR_INVALID_FILTER, parser->soql, token->offset,
                 "value of filter criterion for field '%s' must be of type %s%s%s",
                 path->field, type_for_message (path->type),
                 *quote_hint != '\0' ? " and " : "", quote_hint);
      return NULL;
    }

  /* Ids are accepted in 15- or 18-char form; compare on the 18-char one. */
  if (literal->kind == L_STRING && (path->type == CS_FT_ID || path->type == CS_FT_REFERENCE))
    {
      char *id18 = cs_practice_id_to_18 (literal->text);

      if (id18 != NULL)
        {
          g_free (literal->text);
          literal->text = id18;
        }
    }

  return g_steal_pointer (&literal);
}

static Cond *parse_or (Parser *parser, GError **error);

static CompareOp
compare_op_from_token (Token *token)
{
  if (g_str_equal (token->text, "="))
    return OP_EQ;
  if (g_str_equal (token->text, "!=") || g_str_equal (token->text, "<>"))
    return OP_NE;
  if (g_str_equal (token->text, "<"))
    return OP_LT;
  if (g_str_equal (token->text, "<="))
    return OP_LE;
  if (g_str_equal (token->text, ">"))
    return OP_GT;
  return OP_GE;
}

static Cond *
parse_comparison (Parser  *parser,
                  GError **error)
{
  g_autoptr(Cond) cond = cond_new (C_COMPARE);
  Token *token;

  cond->path = parse_path (parser, error);
  if (cond->path == NULL)
    return NULL;

  token = next (parser);
  if (token->kind == T_OP)
    {
      Literal *literal;

      cond->op = compare_op_from_token (token);
      literal = parse_literal (parser, cond->path, error);
      if (literal == NULL)
        return NULL;
      g_ptr_array_add (cond->literals, literal);
      return g_steal_pointer (&cond);
    }

  if (is_keyword (token, "LIKE"))
    {
      g_autoptr(Literal) literal = NULL;

      cond->op = OP_LIKE;
      literal = parse_literal (parser, cond->path, error);
      if (literal == NULL)
        return NULL;
      if (literal->kind != L_STRING)
        {
          set_error (error, CS_SOQL_ERROR_INVALID_FILTER, parser->soql, token->offset,
                     "invalid operator on %s field: LIKE", type_for_message (cond->path->type));
          return NULL;
        }
      g_ptr_array_add (cond->literals, g_steal_pointer (&literal));
      return g_steal_pointer (&cond);
    }

  if (is_keyword (token, "NOT"))
    {
      token = next (parser);
      if (!is_keyword (token, "IN"))
        {
          unexpected (parser, token, error);
          return NULL;
        }
      cond->op = OP_NOT_IN;
    }
  else if (is_keyword (token, "IN"))
    cond->op = OP_IN;
  else
    {
      unexpected (parser, token, error);
      return NULL;
    }

  token = next (parser);
  if (token->kind != T_LPAREN)
    {
      unexpected (parser, token, error);
      return NULL;
    }
  while (TRUE)
    {
      Literal *literal = parse_literal (parser, cond->path, error);

      if (literal == NULL)
        return NULL;
      g_ptr_array_add (cond->literals, literal);
      token = next (parser);
      if (token->kind == T_RPAREN)
        break;
      if (token->kind != T_COMMA)
        {
          unexpected (parser, token, error);
          return NULL;
        }
    }
  return g_steal_pointer (&cond);
}

/* Parentheses and NOTs nest: each level is a recursion here and in
 * eval(), so their depth is bounded, as Salesforce bounds it. */
static gboolean
enter_nesting (Parser  *parser,
               Token   *token,
               GError **error)
{
  if (parser->depth >= CS_SOQL_MAX_NESTING)
    {
      set_error (error, CS_SOQL_ERROR_TOO_COMPLICATED, parser->soql, token->offset,
                 "Query is either selecting too many fields or the filter conditions are "
                 "too complicated.");
      return FALSE;
    }
  parser->depth++;
  return TRUE;
}

static Cond *
parse_unary (Parser  *parser,
             GError **error)
{
  Token *token = peek (parser);
  g_autoptr(Cond) cond = NULL;

  if (is_keyword (token, "NOT"))
    {
      Cond *operand;

      if (!enter_nesting (parser, token, error))
        return NULL;
      next (parser);
      operand = parse_unary (parser, error);
      parser->depth--;
      if (operand == NULL)
        return NULL;
      cond = cond_new (C_NOT);
      g_ptr_array_add (cond->operands, operand);
      return g_steal_pointer (&cond);
    }

  if (token->kind == T_LPAREN)
    {
      if (!enter_nesting (parser, token, error))
        return NULL;
      next (parser);
      cond = parse_or (parser, error);
      parser->depth--;
      if (cond == NULL)
        return NULL;
      token = next (parser);
      if (token->kind != T_RPAREN)
        {
          unexpected (parser, token, error);
          return NULL;
        }
      return g_steal_pointer (&cond);
    }

  return parse_comparison (parser, error);
}

/* operand (KEYWORD operand)*, as one flat AND or OR. */
static Cond *
parse_chain (Parser      *parser,
             CondKind     kind,
             const char  *keyword,
             Cond      *(*parse_operand) (Parser *, GError **),
             GError     **error)
{
  g_autoptr(Cond) first = parse_operand (parser, error);
  g_autoptr(Cond) chain = NULL;

  if (first == NULL)
    return NULL;
  if (!is_keyword (peek (parser), keyword))
    return g_steal_pointer (&first);

  chain = cond_new (kind);
  g_ptr_array_add (chain->operands, g_steal_pointer (&first));
  while (is_keyword (peek (parser), keyword))
    {
      Cond *operand;

      next (parser);
      operand = parse_operand (parser, error);
      if (operand == NULL)
        return NULL;
      g_ptr_array_add (chain->operands, operand);
    }
  return g_steal_pointer (&chain);
}

static Cond *
parse_and (Parser  *parser,
           GError **error)
{
  return parse_chain (parser, C_AND, "AND", parse_unary, error);
}

static Cond *
parse_or (Parser  *parser,
          GError **error)
{
  return parse_chain (parser, C_OR, "OR", parse_and, error);
}

static gboolean
parse_count (Parser  *parser,
             guint   *value,
             GError **error)
{
  Token *token = next (parser);
  char *end = NULL;
  guint64 n;

  if (token->kind != T_NUMBER)
    return unexpected (parser, token, error);
  n = g_ascii_strtoull (token->text, &end, 10);
  if (end == NULL || *end != '\0' || n > G_MAXINT)
    return unexpected (parser, token, error);
  *value = (guint) n;
  return TRUE;
}

/* Adds a selected path to the output shape, nesting relationship fields
 * under one object per relationship, at the place it first appears. */
static void
add_column (GPtrArray *columns,
            Path      *path)
{
  GPtrArray *level = columns;
  OutNode *leaf;
  guint i, j;

  for (i = 0; i < path->refs->len; i++)
    {
      const char *rel = g_ptr_array_index (path->rels, i);
      OutNode *node = NULL;

      for (j = 0; j < level->len; j++)
        {
          OutNode *candidate = g_ptr_array_index (level, j);

          if (candidate->children != NULL && g_str_equal (candidate->key, rel))
            node = candidate;
        }
      if (node == NULL)
        {
          node = g_new0 (OutNode, 1);
          node->key = g_strdup (rel);
          node->ref_field = g_strdup (g_ptr_array_index (path->refs, i));
          node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) out_node_free);
          g_ptr_array_add (level, node);
        }
      level = node->children;
    }

  leaf = g_new0 (OutNode, 1);
  leaf->key = g_strdup (path->field);
  leaf->field = g_strdup (path->field);
  leaf->type = path->type;
  g_ptr_array_add (level, leaf);
}

/* ---- evaluation ---------------------------------------------------------------------- */

static JsonNode *
path_value (CsPracticeData *data,
            const char     *object_name,
            guint           index,
            Path           *path)
{
  JsonNode *value;
  guint i;

  for (i = 0; i < path->refs->len; i++)
    {
      g_autoptr(JsonNode) id = cs_practice_data_get (data, object_name, index,
                                                     g_ptr_array_index (path->refs, i));

      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) ||
          !cs_practice_data_find (data, json_node_get_string (id), &object_name, &index))
        return NULL;
    }

  value = cs_practice_data_get (data, object_name, index, path->field);
  if (value == NULL && path->type == CS_FT_BOOLEAN)
    value = json_node_init_boolean (json_node_alloc (), FALSE);
  return value;
}

static gint64
parse_rest_datetime (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static int
compare_strings (const char *a,
                 const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb);
}

/* Compares a non-null field value with a non-null literal. */
static int
compare_value (JsonNode *value,
               Literal  *literal)
{
  switch (literal->kind)
    {
    case L_NUMBER:
      {
        double v = json_node_get_double (value);

        return v < literal->number ? -1 : v > literal->number ? 1 : 0;
      }
    case L_BOOLEAN:
      return (json_node_get_boolean (value) ? 1 : 0) - (literal->boolean ? 1 : 0);
    case L_DATETIME:
      {
        gint64 v = parse_rest_datetime (json_node_get_string (value));

        return v < literal->time ? -1 : v > literal->time ? 1 : 0;
      }
    case L_DATE:
      return strncmp (json_node_get_string (value), literal->text, 10);
    case L_STRING:
      if (json_node_get_value_type (value) != G_TYPE_STRING)
        return -1;
      return compare_strings (json_node_get_string (value), literal->text);
    case L_NULL:
    default:
      g_assert_not_reached ();
    }
  return 0;
}

/* One pattern character (a literal, "\%", "\_" or "_") against one text
 * character; both advance on a match. */
static gboolean
like_step (const char **text,
           const char **pattern)
{
  const char *p = *pattern;
  const char *pattern_next;
  const char *text_next = g_utf8_next_char (*text);

  if (*p == '_')
    {
      *pattern = p + 1;
      *text = text_next;
      return TRUE;
    }
  if (*p == '\\' && p[1] != '\0')
    p++;
  pattern_next = g_utf8_next_char (p);
  if (pattern_next - p != text_next - *text ||
      memcmp (p, *text, (gsize) (pattern_next - p)) != 0)
    return FALSE;
  *pattern = pattern_next;
  *text = text_next;
  return TRUE;
}

/* SOQL LIKE: % any run, _ one character, case-insensitive (both sides
 * come casefolded). Greedy, going back only to the last %: at most
 * length(text) × length(pattern) steps, whatever the pattern. */
static gboolean
like_match (const char *text,
            const char *pattern)
{
  const char *resume_pattern = NULL;
  const char *resume_text = NULL;

  while (*text != '\0')
    {
      if (*pattern == '%')
        {
          while (*pattern == '%')
            pattern++;
          if (*pattern == '\0')
            return TRUE;
          resume_pattern = pattern;
          resume_text = text;
          continue;
        }
      if (*pattern != '\0' && like_step (&text, &pattern))
        continue;
      if (resume_pattern == NULL)
        return FALSE;
      /* Let the last % swallow one more character. */
      resume_text = g_utf8_next_char (resume_text);
      text = resume_text;
      pattern = resume_pattern;
    }
  while (*pattern == '%')
    pattern++;
  return *pattern == '\0';
}

static gboolean
eval (Cond           *cond,
      CsPracticeData *data,
      const char     *object_name,
      guint           index)
{
  g_autoptr(JsonNode) value = NULL;
  Literal *first;
  guint i;

  switch (cond->kind)
    {
    case C_AND:
      for (i = 0; i < cond->operands->len; i++)
        if (!eval (g_ptr_array_index (cond->operands, i), data, object_name, index))
          return FALSE;
      return TRUE;
    case C_OR:
      for (i = 0; i < cond->operands->len; i++)
        if (eval (g_ptr_array_index (cond->operands, i), data, object_name, index))
          return TRUE;
      return FALSE;
    case C_NOT:
      return !eval (g_ptr_array_index (cond->operands, 0), data, object_name, index);
    case C_COMPARE:
    default:
      break;
    }

  value = path_value (data, object_name, index, cond->path);
  first = g_ptr_array_index (cond->literals, 0);

  switch (cond->op)
    {
    case OP_IN:
    case OP_NOT_IN:
      {
        gboolean found = FALSE;

        for (i = 0; i < cond->literals->len && !found; i++)
          {
            Literal *literal = g_ptr_array_index (cond->literals, i);

            if (literal->kind == L_NULL)
              found = value == NULL;
            else
              found = value != NULL && compare_value (value, literal) == 0;
          }
        return cond->op == OP_IN ? found : !found;
      }
    case OP_LIKE:
      {
        g_autofree char *text = NULL;
        g_autofree char *pattern = NULL;

        if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
          return FALSE;
        text = g_utf8_casefold (json_node_get_string (value), -1);
        pattern = g_utf8_casefold (first->pattern, -1);
        return like_match (text, pattern);
      }
    case OP_EQ:
      if (first->kind == L_NULL || value == NULL)
        return first->kind == L_NULL && value == NULL;
      return compare_value (value, first) == 0;
    case OP_NE:
      if (first->kind == L_NULL || value == NULL)
        return (first->kind == L_NULL) != (value == NULL);
      return compare_value (value, first) != 0;
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
    default:
      {
        int c;

        /* Null never orders against anything. */
        if (first->kind == L_NULL || value == NULL)
          return FALSE;
        c = compare_value (value, first);
        switch (cond->op)
          {
          case OP_LT:
            return c < 0;
          case OP_LE:
            return c <= 0;
          case OP_GT:
            return c > 0;
          case OP_GE:
          case OP_EQ:
          case OP_NE:
          case OP_LIKE:
          case OP_IN:
          case OP_NOT_IN:
          default:
            return c >= 0;
          }
      }
    }
}

typedef struct {
  guint      index;
  JsonNode **keys;
} SortRow;

typedef struct {
  GPtrArray *order;       /* OrderItem* */
} SortContext;

static int
compare_nodes (JsonNode *a,
               JsonNode *b)
{
  GType type = json_node_get_value_type (a);

  if (type == G_TYPE_STRING)
    return compare_strings (json_node_get_string (a), json_node_get_string (b));
  if (type == G_TYPE_BOOLEAN)
    return (json_node_get_boolean (a) ? 1 : 0) - (json_node_get_boolean (b) ? 1 : 0);
  {
    double x = json_node_get_double (a);
    double y = json_node_get_double (b);

    return x < y ? -1 : x > y ? 1 : 0;
  }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortRow *x = a;
  const SortRow *y = b;
  SortContext *context = user_data;
  guint i;

  for (i = 0; i < context->order->len; i++)
    {
      OrderItem *item = g_ptr_array_index (context->order, i);
      JsonNode *u = x->keys[i];
      JsonNode *v = y->keys[i];
      int c;

      if (u == NULL || v == NULL)
        {
          if (u == v)
            continue;
          /* Nulls sort first unless NULLS LAST, whatever the direction. */
          c = (u == NULL) ? -1 : 1;
          if (item->nulls_last)
            c = -c;
          return c;
        }
      c = compare_nodes (u, v);
      if (c != 0)
        return item->descending ? -c : c;
    }
  return x->index < y->index ? -1 : x->index > y->index ? 1 : 0;
}

static void
sort_matches (GArray         *matches,
              GPtrArray      *order,
              CsPracticeData *data,
              const char     *object_name)
{
  SortContext context = { order };
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (SortRow), matches->len);
  guint i, j;

  for (i = 0; i < matches->len; i++)
    {
      SortRow row;

      row.index = g_array_index (matches, guint, i);
      row.keys = g_new0 (JsonNode *, order->len);
      for (j = 0; j < order->len; j++)
        {
          OrderItem *item = g_ptr_array_index (order, j);

          row.keys[j] = path_value (data, object_name, row.index, item->path);
        }
      g_array_append_val (rows, row);
    }

  g_array_sort_with_data (rows, compare_rows, &context);

  for (i = 0; i < rows->len; i++)
    {
      SortRow *row = &g_array_index (rows, SortRow, i);

      g_array_index (matches, guint, i) = row->index;
      for (j = 0; j < order->len; j++)
        g_clear_pointer (&row->keys[j], json_node_unref);
      g_free (row->keys);
    }
}

/* ---- entry point ----------------------------------------------------------------------- */

CsSoqlResult *
cs_soql_run (CsPracticeSchema *schema,
             CsPracticeData   *data,
             CsPracticeRole    role,
             const char       *soql,
             GError          **error)
{
  return cs_soql_run_full (schema, data, role, soql, FALSE, error);
}

CsSoqlResult *
cs_soql_run_full (CsPracticeSchema *schema,
                  CsPracticeData   *data,
                  CsPracticeRole    role,
                  const char       *soql,
                  gboolean          include_deleted,
                  GError          **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_autoptr(GPtrArray) selected = g_ptr_array_new_with_free_func ((GDestroyNotify) path_free);
  g_autoptr(GPtrArray) select_tokens = g_ptr_array_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) order_item_free);
  g_autoptr(CsSoqlResult) result = g_new0 (CsSoqlResult, 1);
  g_autoptr(Cond) where = NULL;
  g_autofree char *valid = NULL;
  Token *token;
  Token *object_token;
  Token *count_field_token = NULL;
  Parser parser = { 0 };
  guint limit = G_MAXUINT;
  guint offset = 0;
  guint n, i;

  g_array_set_clear_func (tokens, token_clear);
  result->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) out_node_free);
  result->matches = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The statement comes percent-decoded from a URL: any bytes at all.
   * Error messages quote it, and the answer must stay valid JSON. */
  if (!g_utf8_validate (soql, -1, NULL))
    soql = valid = g_utf8_make_valid (soql, -1);
  if (g_utf8_strlen (soql, -1) > CS_SOQL_MAX_LENGTH)
    {
      g_set_error (error, CS_SOQL_ERROR, CS_SOQL_ERROR_MALFORMED_QUERY,
                   "SOQL statements cannot be longer than %d characters.", CS_SOQL_MAX_LENGTH);
      return NULL;
    }

  if (!tokenize (soql, tokens, error))
    return NULL;

  parser.soql = soql;
  parser.tokens = tokens;
  parser.schema = schema;
  parser.role = role;

  if (!expect_keyword (&parser, "SELECT", error))
    return NULL;

  /* The select list is bound once FROM has named the object. */
  token = next (&parser);
  if (is_keyword (token, "COUNT") && peek (&parser)->kind == T_LPAREN)
    {
      next (&parser);
      token = next (&parser);
      if (token->kind == T_IDENT)
        {
          count_field_token = token;
          result->aggregate = TRUE;
          token = next (&parser);
        }
      if (token->kind != T_RPAREN)
        {
          unexpected (&parser, token, error);
          return NULL;
        }
      if (result->aggregate && peek (&parser)->kind == T_IDENT && !is_keyword (peek (&parser), "FROM"))
        result->aggregate_alias = g_strdup (next (&parser)->text);
      result->count_only = !result->aggregate;
      token = next (&parser);
    }
  else
    {
      while (TRUE)
        {
          if (token->kind != T_IDENT || is_keyword (token, "FROM"))
            {
              unexpected (&parser, token, error);
              return NULL;
            }
          g_ptr_array_add (select_tokens, token);
          token = next (&parser);
          if (token->kind != T_COMMA)
            break;
          token = next (&parser);
        }
    }

  if (!is_keyword (token, "FROM"))
    {
      unexpected (&parser, token, error);
      return NULL;
    }
  object_token = next (&parser);
  if (object_token->kind != T_IDENT)
    {
      unexpected (&parser, object_token, error);
      return NULL;
    }
  parser.object = cs_practice_schema_lookup (schema, object_token->text);
  if (parser.object == NULL || !cs_practice_object_is_visible (parser.object, role))
    {
      set_error (error, CS_SOQL_ERROR_INVALID_TYPE, soql, object_token->offset,
                 "sObject type '%s' is not supported. If you are attempting to use a custom "
                 "object, be sure to append the '__c' after the entity name. Please reference "
                 "your WSDL or the describe call for the appropriate names.", object_token->text);
      return NULL;
    }
  result->object_name = g_strdup (parser.object->name);
  result->key_prefix = g_strdup (parser.object->key_prefix);

  for (i = 0; i < select_tokens->len; i++)
    {
      Token *field_token = g_ptr_array_index (select_tokens, i);
      g_autoptr(Path) path = bind_path (&parser, field_token, error);
      guint j;

      if (path == NULL)
        return NULL;
      for (j = 0; j < selected->len; j++)
        if (g_str_equal (((Path *) g_ptr_array_index (selected, j))->lower, path->lower))
          {
            set_error (error, CS_SOQL_ERROR_MALFORMED_QUERY, soql, field_token->offset,
                       "duplicate field selected: %s", field_token->text);
            return NULL;
          }
      add_column (result->columns, path);
      g_ptr_array_add (selected, g_steal_pointer (&path));
    }
  if (count_field_token != NULL)
    {
      Path *path = bind_path (&parser, count_field_token, error);

      if (path == NULL)
        return NULL;
      g_ptr_array_add (selected, path);
    }
  result->paths = g_ptr_array_ref (selected);

  token = peek (&parser);
  if (is_keyword (token, "WHERE"))
    {
      next (&parser);
      where = parse_or (&parser, error);
      if (where == NULL)
        return NULL;
      token = peek (&parser);
    }

  if (is_keyword (token, "ORDER"))
    {
      next (&parser);
      if (!expect_keyword (&parser, "BY", error))
        return NULL;
      while (TRUE)
        {
          g_autoptr(OrderItem) owned = g_new0 (OrderItem, 1);
          OrderItem *item = owned;

          item->path = parse_path (&parser, error);
          if (item->path == NULL)
            return NULL;
          g_ptr_array_add (order, g_steal_pointer (&owned));
          if (is_keyword (peek (&parser), "ASC"))
            next (&parser);
          else if (is_keyword (peek (&parser), "DESC"))
            {
              next (&parser);
              item->descending = TRUE;
            }
          /* SOQL puts nulls first by default. */
          if (is_keyword (peek (&parser), "NULLS"))
            {
              next (&parser);
              token = next (&parser);
              if (is_keyword (token, "LAST"))
                item->nulls_last = TRUE;
              else if (!is_keyword (token, "FIRST"))
                {
                  unexpected (&parser, token, error);
                  return NULL;
                }
            }
          if (peek (&parser)->kind != T_COMMA)
            break;
          next (&parser);
        }
      token = peek (&parser);
    }

  if (is_keyword (token, "LIMIT"))
    {
      next (&parser);
      if (!parse_count (&parser, &limit, error))
        return NULL;
      token = peek (&parser);
    }
  if (is_keyword (token, "OFFSET"))
    {
      next (&parser);
      if (!parse_count (&parser, &offset, error))
        return NULL;
      if (offset > 2000)
        {
          g_set_error (error, CS_SOQL_ERROR, CS_SOQL_ERROR_MALFORMED_QUERY,
                       "Maximum SOQL offset allowed is 2000");
          return NULL;
        }
      token = peek (&parser);
    }
  if (token->kind != T_EOF)
    {
      unexpected (&parser, token, error);
      return NULL;
    }

  n = cs_practice_data_count (data, parser.object->name);
  for (i = 0; i < n; i++)
    if (cs_practice_data_is_listed (data, parser.object->name, i, include_deleted) &&
        (where == NULL || eval (where, data, parser.object->name, i)))
      g_array_append_val (result->matches, i);

  if (order->len > 0)
    sort_matches (result->matches, order, data, parser.object->name);

  if (offset > 0)
    g_array_remove_range (result->matches, 0, MIN (offset, result->matches->len));
  if (result->matches->len > limit)
    g_array_set_size (result->matches, limit);

  if (result->aggregate)
    {
      Path *path = g_ptr_array_index (selected, selected->len - 1);

      for (i = 0; i < result->matches->len; i++)
        {
          g_autoptr(JsonNode) value = path_value (data, parser.object->name,
                                                  g_array_index (result->matches, guint, i), path);

          if (value != NULL)
            result->aggregate_value++;
        }
    }

  return g_steal_pointer (&result);
}

/* ---- output ------------------------------------------------------------------------------ */

static void
write_attributes (CsJsonWriter *w,
                  const char   *object_name,
                  const char   *id,
                  const char   *version)
{
  g_autofree char *url = g_strdup_printf ("/services/data/v%s/sobjects/%s/%s",
                                          version, object_name, id);

  cs_json_key (w, "attributes");
  cs_json_begin_object (w);
  cs_json_kv_string (w, "type", object_name);
  cs_json_kv_string (w, "url", url);
  cs_json_end_object (w);
}

static void
write_columns (CsJsonWriter   *w,
               CsPracticeData *data,
               const char     *version,
               const char     *object_name,
               guint           index,
               GPtrArray      *columns)
{
  guint i;

  for (i = 0; i < columns->len; i++)
    {
      OutNode *node = g_ptr_array_index (columns, i);

      cs_json_key (w, node->key);
      if (node->children == NULL)
        {
          g_autoptr(JsonNode) value = cs_practice_data_get (data, object_name, index, node->field);

          if (value == NULL && node->type == CS_FT_BOOLEAN)
            cs_json_bool (w, FALSE);
          else
            cs_json_node (w, value);
        }
      else
        {
          g_autoptr(JsonNode) id = cs_practice_data_get (data, object_name, index, node->ref_field);
          const char *target = NULL;
          guint target_index = 0;

          if (id == NULL ||
              !cs_practice_data_find (data, json_node_get_string (id), &target, &target_index))
            {
              cs_json_null (w);
              continue;
            }
          cs_json_begin_object (w);
          write_attributes (w, target, json_node_get_string (id), version);
          write_columns (w, data, version, target, target_index, node->children);
          cs_json_end_object (w);
        }
    }
}

static const char *
apex_type (CsFieldType type)
{
  switch (type)
    {
    case CS_FT_ID:
    case CS_FT_REFERENCE:
      return "Id";
    case CS_FT_BOOLEAN:
      return "Boolean";
    case CS_FT_INT:
      return "Integer";
    case CS_FT_LONG:
      return "Long";
    case CS_FT_DOUBLE:
      return "Double";
    case CS_FT_CURRENCY:
    case CS_FT_PERCENT:
      return "Decimal";
    case CS_FT_DATE:
      return "Date";
    case CS_FT_DATETIME:
      return "Datetime";
    case CS_FT_TIME:
      return "Time";
    case CS_FT_BASE64:
      return "Blob";
    case CS_FT_ADDRESS:
      return "Address";
    case CS_FT_LOCATION:
      return "Location";
    case CS_FT_ANYTYPE:
      return "Object";
    case CS_FT_STRING:
    case CS_FT_TEXTAREA:
    case CS_FT_PICKLIST:
    case CS_FT_MULTIPICKLIST:
    case CS_FT_COMBOBOX:
    case CS_FT_EMAIL:
    case CS_FT_PHONE:
    case CS_FT_URL:
    case CS_FT_ENCRYPTEDSTRING:
    case CS_FT_N_TYPES:
    default:
      return "String";
    }
}

static void
write_column (CsJsonWriter *w,
              const char   *column_name,
              const char   *display_name,
              const char   *apex,
              CsFieldType   type,
              guint32       flags,
              gboolean      aggregate,
              gboolean      custom)
{
  cs_json_kv_bool (w, "aggregate", aggregate);
  cs_json_kv_string (w, "apexType", apex);
  cs_json_kv_bool (w, "booleanType", apex != NULL && type == CS_FT_BOOLEAN);
  cs_json_kv_string (w, "columnName", column_name);
  cs_json_kv_bool (w, "custom", custom);
  cs_json_kv_string (w, "displayName", display_name);
  cs_json_kv_null (w, "foreignKeyName");
  cs_json_kv_bool (w, "insertable", (flags & CS_FF_CREATEABLE) != 0);
}

/* A relationship path (Owner.Name) is one column for the relationship
 * whose joinColumns hold the rest, as Salesforce nests them. */
static void
write_path_column (CsJsonWriter *w,
                   Path         *path,
                   guint         depth)
{
  gboolean leaf = depth == path->rels->len;
  const char *name = leaf ? path->field : g_ptr_array_index (path->rels, depth);
  g_autoptr(GString) display = g_string_new (NULL);
  gboolean number = cs_field_type_is_number (path->type) ||
                    path->type == CS_FT_INT || path->type == CS_FT_LONG;
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_printf (display, "%s.", (const char *) g_ptr_array_index (path->rels, i));
  g_string_append (display, name);

  cs_json_begin_object (w);
  write_column (w, name, display->str, leaf ? apex_type (path->type) : NULL, path->type,
                leaf ? path->flags : 0, FALSE, leaf && g_str_has_suffix (name, "__c"));
  cs_json_key (w, "joinColumns");
  cs_json_begin_array (w);
  if (!leaf)
    write_path_column (w, path, depth + 1);
  cs_json_end_array (w);
  cs_json_kv_bool (w, "numberType", leaf && number);
  cs_json_kv_bool (w, "textType", leaf && !number && cs_field_type_is_text (path->type));
  cs_json_kv_bool (w, "updatable", leaf && (path->flags & CS_FF_UPDATEABLE) != 0);
  cs_json_end_object (w);
}

void
cs_soql_result_write_columns (CsSoqlResult *result,
                              CsJsonWriter *w)
{
  gboolean id_selected = FALSE;
  guint i;

  g_return_if_fail (result != NULL);

  cs_json_key (w, "columnMetadata");
  cs_json_begin_array (w);
  if (result->count_only || result->aggregate)
    {
      cs_json_begin_object (w);
      write_column (w, result->aggregate_alias != NULL ? result->aggregate_alias : "expr0",
                    result->count_only ? "COUNT()" : "COUNT", "Integer", CS_FT_INT, 0,
                    TRUE, FALSE);
      cs_json_key (w, "joinColumns");
      cs_json_begin_array (w);
      cs_json_end_array (w);
      cs_json_kv_bool (w, "numberType", TRUE);
      cs_json_kv_bool (w, "textType", FALSE);
      cs_json_kv_bool (w, "updatable", FALSE);
      cs_json_end_object (w);
    }
  else
    for (i = 0; i < result->paths->len; i++)
      {
        Path *path = g_ptr_array_index (result->paths, i);

        write_path_column (w, path, 0);
        if (path->rels->len == 0 && path->type == CS_FT_ID)
          id_selected = TRUE;
      }
  cs_json_end_array (w);
  cs_json_kv_string (w, "entityName", result->object_name);
  cs_json_kv_bool (w, "groupBy", FALSE);
  cs_json_kv_bool (w, "idSelected", id_selected);
  cs_json_kv_string (w, "keyPrefix", result->key_prefix);
}

void
cs_soql_result_write_records (CsSoqlResult   *result,
                              CsPracticeData *data,
                              const char     *version,
                              guint           offset,
                              guint           count,
                              CsJsonWriter   *w)
{
  guint i;

  if (result->count_only)
    return;

  if (result->aggregate)
    {
      if (offset > 0)
        return;
      cs_json_begin_object (w);
      cs_json_key (w, "attributes");
      cs_json_begin_object (w);
      cs_json_kv_string (w, "type", "AggregateResult");
      cs_json_end_object (w);
      cs_json_kv_int (w, result->aggregate_alias != NULL ? result->aggregate_alias : "expr0",
                      result->aggregate_value);
      cs_json_end_object (w);
      return;
    }

  for (i = offset; i < result->matches->len && i - offset < count; i++)
    {
      guint index = g_array_index (result->matches, guint, i);
      g_autoptr(JsonNode) id = cs_practice_data_get (data, result->object_name, index, "Id");

      cs_json_begin_object (w);
      write_attributes (w, result->object_name, json_node_get_string (id), version);
      write_columns (w, data, version, result->object_name, index, result->columns);
      cs_json_end_object (w);
    }
}

/* ---- CSV (Bulk API 2.0 results) ------------------------------------------------------------ */

gboolean
cs_soql_result_is_aggregate (CsSoqlResult *result)
{
  return result->count_only || result->aggregate;
}

static gboolean
columns_have_compound (GPtrArray *columns)
{
  for (guint i = 0; i < columns->len; i++)
    {
      OutNode *node = g_ptr_array_index (columns, i);

      if (node->children != NULL ? columns_have_compound (node->children)
                                 : node->type == CS_FT_ADDRESS || node->type == CS_FT_LOCATION)
        return TRUE;
    }
  return FALSE;
}

gboolean
cs_soql_result_has_compound (CsSoqlResult *result)
{
  return columns_have_compound (result->columns);
}

static void
csv_append_quoted (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_write_header (GString    *out,
                  GPtrArray  *columns,
                  const char *prefix,
                  gboolean   *first)
{
  for (guint i = 0; i < columns->len; i++)
    {
      OutNode *node = g_ptr_array_index (columns, i);
      g_autofree char *name = g_strconcat (prefix, node->key, NULL);

      if (node->children != NULL)
        {
          g_autofree char *child_prefix = g_strconcat (name, ".", NULL);

          csv_write_header (out, node->children, child_prefix, first);
          continue;
        }
      if (!*first)
        g_string_append_c (out, ',');
      *first = FALSE;
      csv_append_quoted (out, name);
    }
}

static void
csv_write_value (GString     *out,
                 JsonNode    *value,
                 CsFieldType  type)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GType value_type;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    {
      if (type == CS_FT_BOOLEAN)
        csv_append_quoted (out, "false");
      return;
    }

  value_type = json_node_get_value_type (value);
  if (value_type == G_TYPE_BOOLEAN)
    csv_append_quoted (out, json_node_get_boolean (value) ? "true" : "false");
  else if (value_type == G_TYPE_INT64)
    {
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, json_node_get_int (value));
      csv_append_quoted (out, buffer);
    }
  else if (value_type == G_TYPE_DOUBLE)
    {
      double number = json_node_get_double (value);

      /* As the JSON answers write them: whole numbers with a ".0". */
      if (number == (double) (gint64) number && number > -1e15 && number < 1e15)
        g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT ".0", (gint64) number);
      else
        g_ascii_dtostr (buffer, sizeof buffer, number);
      csv_append_quoted (out, buffer);
    }
  else if (type == CS_FT_DATETIME && strlen (json_node_get_string (value)) == 28)
    {
      /* "2025-06-03T12:00:00.000+0000" → "2025-06-03T12:00:00.000Z" */
      g_autofree char *utc = g_strndup (json_node_get_string (value), 23);
      g_autofree char *text = g_strconcat (utc, "Z", NULL);

      csv_append_quoted (out, text);
    }
  else
    csv_append_quoted (out, json_node_get_string (value));
}

static void
csv_write_columns (GString        *out,
                   CsPracticeData *data,
                   const char     *object_name,
                   guint           index,
                   gboolean        exists,
                   GPtrArray      *columns,
                   gboolean       *first)
{
  for (guint i = 0; i < columns->len; i++)
    {
      OutNode *node = g_ptr_array_index (columns, i);

      if (node->children != NULL)
        {
          g_autoptr(JsonNode) id = exists ? cs_practice_data_get (data, object_name, index,
                                                                  node->ref_field) : NULL;
          const char *target = NULL;
          guint target_index = 0;
          gboolean found = id != NULL &&
                           cs_practice_data_find (data, json_node_get_string (id),
                                                  &target, &target_index);

          csv_write_columns (out, data, target, target_index, found, node->children, first);
          continue;
        }

      if (!*first)
        g_string_append_c (out, ',');
      *first = FALSE;
      if (exists)
        {
          g_autoptr(JsonNode) value = cs_practice_data_get (data, object_name, index, node->field);

          csv_write_value (out, value, node->type);
        }
    }
}

void
cs_soql_result_write_csv (CsSoqlResult   *result,
                          CsPracticeData *data,
                          guint           offset,
                          guint           count,
                          GString        *out)
{
  gboolean first = TRUE;

  csv_write_header (out, result->columns, "", &first);
  g_string_append_c (out, '\n');
  for (guint i = offset; i < result->matches->len && i - offset < count; i++)
    {
      first = TRUE;
      csv_write_columns (out, data, result->object_name, g_array_index (result->matches, guint, i),
                         TRUE, result->columns, &first);
      g_string_append_c (out, '\n');
    }
}
