/**
 * Expected failures are codes, not exceptions (CONVENTIONS §4). A use case throws `AppError(code)`;
 * the HTTP edge maps the code to a status once; the UI maps it to a translated message key `error.<code>`.
 */
export const errorStatus = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  /** A NUL, another control character or broken Unicode in a text field, query or path (src/platform/http/invalid-text.ts). */
  INVALID_TEXT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  /** Password rules (src/platform/auth/password-policy.ts). */
  PASSWORD_SAME_AS_CURRENT: 422,
  PASSWORD_CONTAINS_USERNAME: 422,
  PASSWORD_TOO_COMMON: 422,
  ACCOUNT_INACTIVE: 403,
  /** BISTA_LOCAL_PASSWORDS=off: everyone logs in with SITHS (src/platform/auth/oidc.ts). */
  LOCAL_PASSWORDS_OFF: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  USERNAME_TAKEN: 409,
  HSA_ID_TAKEN: 409,
  CUSTOMER_NUMBER_TAKEN: 409,
  ORGANISATION_NUMBER_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  /** The embedded database's request queue is full (src/platform/http/overload.ts). */
  OVERLOADED: 503,
  PATIENT_NOT_FOUND: 404,
  CARE_RELATIONSHIP_REQUIRED: 403,
  PATIENT_DIRECTORY_UNAVAILABLE: 503,
  ARTICLE_NOT_ORDERABLE: 422,
  UNIT_NOT_PATIENTS: 422,
  // Provision side: contract refusals (the ContractRefused codes) and order handling.
  UNSUPPORTED_VERSION: 400,
  UNKNOWN_TYPE: 400,
  INVALID: 422,
  NOT_ALLOWED: 422,
  UNKNOWN_ORDER: 422,
  INVALID_TRANSITION: 409,
  UNIT_RESERVED_ELSEWHERE: 409,
  UNIT_NOT_AVAILABLE: 409,
  INSUFFICIENT_STOCK: 409,
  /** A lost unit is re-registered on the patient only within the re-registration period (3 months). */
  RE_REGISTRATION_EXPIRED: 422,
  UNIT_NOT_IN_BUFFER_STORE: 409,
  /** A message id received before with another payload (contract intake). */
  MESSAGE_ID_CONFLICT: 409,
  /** An order names a unit another care provider holds (web submit and contract intake alike). */
  UNIT_OTHER_CARE_PROVIDER: 403,
  /** Access applications (src/administration/applications/). */
  USER_ALREADY_EXISTS: 409,
  CUSTOMER_OUTSIDE_CARE_PROVIDER: 403,
  MANAGER_REQUIRED: 422,
  REFUSAL_REASON_REQUIRED: 422,
  /** Purchasing (src/provision/purchasing): no agreement in force with the supplier for what is bought. */
  NO_VALID_AGREEMENT: 422,
  /** More received than was ordered: the warehouse confirms the over-delivery and sends again. */
  OVER_DELIVERY: 409,
  /** The purchase order is under the agreement's minimum order: the buyer confirms and sends again. */
  BELOW_MINIMUM_ORDER: 409,
  /** A purchase order with goods received against it is not cancelled (its short lines are closed instead). */
  GOODS_RECEIVED: 409,
  /** Preventive maintenance (src/provision/maintenance): a unit past its inspection date, or failed and out of use, is not handed out. */
  UNIT_INSPECTION_OVERDUE: 409,
  UNIT_OUT_OF_USE: 409,
  /** An inspection recorded for a unit whose holding ended (picked up) since the queue was read. */
  UNIT_HOLDING_ENDED: 409,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * What is wrong with one field, as a code the web translates (`issue.<code>` with `params`, CONVENTIONS 19):
 * zod's codes for the schema's checks, and the domain's own for the rules the use cases check. `message` is
 * the server's Swedish wording (for logs and API callers); a page never shows it in another language.
 */
export const issueCodes = [
  // The schema's checks (zod's issue codes).
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'custom',
  // The use cases' rules.
  'invalid',
  'required',
  /** A reference to something that does not exist or is not the caller's (a customer, an address, a store). */
  'unknown',
  'invalid_cursor',
  /** A NUL, another control character or broken Unicode (src/platform/http/invalid-text.ts). */
  'invalid_text',
  'invalid_iso_code',
  'duplicate',
  'inactive',
  /** A date before params.min, after params.max, in the future, or before the start it must follow. */
  'date_too_early',
  'date_too_late',
  'date_in_future',
  'time_in_past',
  'before_start',
  'not_a_working_day',
  'not_positive',
  /** More than is left (params.max). */
  'quantity_exceeds',
  'exactly_one_default',
  'serial_mismatch',
  'serial_confirm',
  'unit_tracked_not_allowed',
  'not_unit_tracked',
  'unit_required',
  /** A deviation names the unit or the article it concerns. */
  'device_required',
  'patient_required',
  /** Attachments the work-order type requires (params.kinds). */
  'attachments_required',
  'lines_required',
  'file_required',
  'too_many_parts',
  'rule_condition_required',
  'password_same_as_current',
  'password_contains_username',
  'password_too_common',
  'invalid_personal_number',
  'file_too_large',
  'not_an_image',
  'not_a_pdf',
  'image_unreadable',
  /** An SVG with scripts, links or other active content. */
  'unsafe_svg',
  /** A link that could not be fetched now (worth retrying) or that is refused for good. */
  'url_unreachable',
  'url_refused',
  'month_format',
  'support_only',
  'adoption_only',
  'main_article_type',
  'self_reference',
  'orderable_requires_published',
  'rent_requires_unit_tracked',
  'serial_requires_unit_tracked',
  'one_of',
  'range',
  'offset_with_search',
  /** Only a prescriber may mark an order urgent (issue 15 item 5). */
  'urgent_prescriber_only',
  /** The unit or serial number read off the device is not the pick-up's unit (issue 16 item 8). */
  'unit_mismatch',
  /** A prescriber's favourites are full (params.max), issue 16 item 6. */
  'too_many_favourites',
  /** Nothing of an earlier order can be ordered again. */
  'none_orderable',
  /** A measurement the article's ISO class requires is missing (params.line, label, unit), issue 16 item 7. */
  'measurement_required',
  /** A measurement outside the class's range (params.line, label, unit, min, max). */
  'measurement_range',
  /** The aim of the prescription is required for a main device of the line's class (params.line). */
  'aim_required',
  'date_in_past',
] as const;
export type IssueCode = (typeof issueCodes)[number];

export interface FieldIssue {
  path: string;
  code: IssueCode;
  message: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: { issues?: FieldIssue[]; retryAfterSeconds?: number; [k: string]: unknown },
  ) {
    super(message ?? code);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

const knownIssueCodes: ReadonlySet<string> = new Set(issueCodes);

/** A zod issue (from a schema a use case or the HTTP edge checks) as a field issue with its code and limits. */
export function zodIssue(path: string, issue: { code: string; message: string } & Record<string, unknown>): FieldIssue {
  const params: Record<string, string | number> = {};
  for (const k of ['minimum', 'maximum', 'format', 'expected'] as const) {
    const v = issue[k];
    if (typeof v === 'number' || typeof v === 'string') params[k] = v;
    else if (typeof v === 'bigint') params[k] = Number(v);
  }
  // A refinement names its rule as params.code (e.g. `.refine(f, { message, params: { code: 'exactly_one_default' } })`).
  const custom = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  const code = typeof custom === 'string' && knownIssueCodes.has(custom) ? custom : issue.code;
  return {
    path,
    code: knownIssueCodes.has(code) ? (code as IssueCode) : 'invalid',
    message: issue.message,
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/** Every issue of a failed zod parse, with `prefix` (e.g. 'body') before each path. */
export function zodIssues(
  error: { issues: readonly ({ code: string; path: readonly PropertyKey[]; message: string } & object)[] },
  prefix?: string,
): FieldIssue[] {
  return error.issues.map((i) =>
    zodIssue([...(prefix ? [prefix] : []), ...i.path.map(String)].join('.') || prefix || '', i as { code: string; message: string } & Record<string, unknown>),
  );
}
