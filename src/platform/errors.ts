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
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  path: string;
  message: string;
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
