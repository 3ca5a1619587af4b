import pino, { type Logger } from 'pino';

/** A Swedish personal identity or coordination number, 10 or 12 digits, with or without separator. */
const PNR = /(?<!\d)(?:(?:19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:[0-9]{2})[-+]?\d{4}(?!\d)/g;

/** Masks anything shaped like a personnummer, so a careless log line cannot leak one. */
export function scrubPersonalNumbers(text: string): string {
  return text.replace(PNR, '[personnummer]');
}

/** Properties of database errors that hold the values of a statement (Drizzle's `params`, others' names for it). */
const VALUE_KEYS = new Set(['params', 'parameters', 'values', 'bindings']);

/**
 * A database error's `detail` quotes the row: "Key (identifier)=(191212121212) already exists.",
 * "Failing row contains (…, Tolvan, Tolvansson, …)." The column names stay (they say what clashed); the values go.
 */
export function redactDetail(detail: string): string {
  return detail.replace(/=\([\s\S]*\)/, '=([redacted])').replace(/(Failing row contains )\([\s\S]*\)/, '$1([redacted])');
}

/** Drizzle's message is "Failed query: <sql>\nparams: <values>": the values are cut off. */
const withoutParams = (message: string) => message.replace(/\nparams: [\s\S]*$/, '');

/**
 * An error as it may be logged: type, message and stack, its own fields (code, constraint, table, …), and
 * its cause the same way, but never the values of the statement that failed (`params`), with `detail`
 * redacted and anything shaped like a personnummer masked. Database errors carry all three (issue 10).
 */
export function safeError(err: Error, depth = 0): Record<string, unknown> {
  const message = withoutParams(String(err.message ?? ''));
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: scrubPersonalNumbers(message),
    stack: typeof err.stack === 'string' ? scrubPersonalNumbers(err.stack.replace(err.message, message)) : undefined,
  };
  for (const [k, v] of Object.entries(err)) {
    if (k === 'cause' || k === 'message' || k === 'stack' || v === undefined) continue;
    if (VALUE_KEYS.has(k)) out[k] = '[redacted]';
    else if (k === 'detail' && typeof v === 'string') out[k] = scrubPersonalNumbers(redactDetail(v));
    else out[k] = v instanceof Error ? (depth < 5 ? safeError(v, depth + 1) : v.name) : scrub(v, depth + 1);
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined) out.cause = cause instanceof Error ? (depth < 5 ? safeError(cause, depth + 1) : cause.name) : scrub(cause, depth + 1);
  if (err instanceof AggregateError)
    out.errors = err.errors.slice(0, 10).map((e: unknown) => (e instanceof Error && depth < 5 ? safeError(e, depth + 1) : scrub(e, depth + 1)));
  return out;
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalNumbers(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return safeError(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

/**
 * Structured JSON logs (pino). Request URLs, messages and fields are scrubbed of personal identity
 * numbers; errors lose the values of a failed statement and the row a database error quotes (`safeError`);
 * cookies, authorization headers and passwords are never written.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'bista' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', 'password'],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => scrub(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubPersonalNumbers(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          url: typeof req.url === 'string' ? scrubPersonalNumbers(req.url) : undefined,
          id: req.id,
        }),
        // Errors are made safe by the log formatter above (`safeError`), under any key.
        err: (e: unknown) => (e instanceof Error ? safeError(e) : e),
      },
    },
    destination,
  );
}
