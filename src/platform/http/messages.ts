import type { ErrorCode } from '../errors.ts';

/** Default Swedish messages for API clients; the web app has its own translations keyed `error.<code>`. */
const sv: Record<ErrorCode, string> = {
  VALIDATION: 'Uppgifterna är inte giltiga',
  BAD_REQUEST: 'Felaktig begäran',
  UNAUTHENTICATED: 'Du behöver logga in',
  INVALID_CREDENTIALS: 'Fel användarnamn eller lösenord',
  ACCOUNT_LOCKED: 'Kontot är tillfälligt låst efter för många misslyckade inloggningar',
  ACCOUNT_INACTIVE: 'Kontot är inaktiverat. Kontakta ditt lokala användarstöd.',
  FORBIDDEN: 'Du har inte behörighet till detta',
  CSRF: 'Begäran saknar giltig CSRF-token. Ladda om sidan.',
  NOT_FOUND: 'Hittades inte',
  CONFLICT: 'Uppgifterna har ändrats av någon annan eller krockar med befintliga',
  USERNAME_TAKEN: 'Användarnamnet används redan',
  HSA_ID_TAKEN: 'HSA-id:t används redan av en annan användare',
  CUSTOMER_NUMBER_TAKEN: 'Kundnumret används redan',
  ORGANISATION_NUMBER_TAKEN: 'Organisationsnumret används redan',
  PAYLOAD_TOO_LARGE: 'Begäran är för stor',
  UNSUPPORTED_MEDIA_TYPE: 'Innehållstypen stöds inte',
  TOO_MANY_REQUESTS: 'För många försök. Vänta en stund och försök igen.',
  INTERNAL: 'Ett internt fel inträffade. Försök igen eller kontakta support och ange begärans id.',
  NOT_READY: 'Tjänsten startar eller databasen är inte nåbar',
};

export const messageFor = (code: ErrorCode) => sv[code];
