import type { FastifyRequest } from 'fastify';
import { AppError, type FieldIssue } from '../errors.ts';

/**
 * Text the database cannot store or that no person typed: a NUL character (PostgreSQL refuses it in text
 * and jsonb, which used to surface as a 500), the other C0 control characters except tab, line feed and
 * carriage return, and UTF-16 surrogates that are not part of a pair (what a broken UTF-8 or a cut emoji
 * becomes; they would be stored as U+FFFD, silently changing the value).
 */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isValidText = (s: string) => !INVALID.test(s);

/** Plain objects, including the null-prototype ones the query-string and path parsers make. */
const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
};

/** Where in `value` (keys included) invalid text occurs, as request paths like `body.addresses.0.street`. */
export function invalidTextPaths(value: unknown, path: string, out: string[] = [], depth = 0): string[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (!isValidText(value)) out.push(path);
    return out;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => invalidTextPaths(v, `${path}.${i}`, out, depth + 1));
    return out;
  }
  // Only what a parser made (JSON, query strings): a Buffer or a multipart file is not text.
  if (!isPlain(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (!isValidText(k)) out.push(`${path}.${k.replace(INVALID, '\uFFFD')}`);
    else invalidTextPaths(v, `${path}.${k}`, out, depth + 1);
  }
  return out;
}

/**
 * The edge check (a preValidation hook for every route): invalid text anywhere in the path parameters,
 * the query string or a JSON body is a 400 INVALID_TEXT naming the fields, before any schema or use case
 * sees it, so no route can forget it.
 */
export async function refuseInvalidText(req: FastifyRequest) {
  const paths = [...invalidTextPaths(req.params, 'params'), ...invalidTextPaths(req.query, 'querystring'), ...invalidTextPaths(req.body, 'body')];
  if (paths.length) {
    const issues: FieldIssue[] = paths.map((p) => ({ path: p, code: 'invalid_text', message: 'otillåtna tecken' }));
    throw new AppError('INVALID_TEXT', undefined, { issues });
  }
}
