import pino, { type Logger } from 'pino';

/** A Swedish personal identity or coordination number, 10 or 12 digits, with or without separator. */
const PNR = /(?<!\d)(?:(?:19|20)\d{2}|\d{2})(?:0[1-9]|1[0-2])(?:[0-9]{2})[-+]?\d{4}(?!\d)/g;

/** Masks anything shaped like a personnummer, so a careless log line cannot leak one. */
export function scrubPersonalNumbers(text: string): string {
  return text.replace(PNR, '[personnummer]');
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalNumbers(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

/**
 * Structured JSON logs (pino). Request URLs, messages and fields are scrubbed of personal identity
 * numbers; cookies, authorization headers and passwords are never written.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'bista' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          'password',
        ],
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
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
