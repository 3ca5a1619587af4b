import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.ts';
import { verifyPassword } from './passwords.ts';

/**
 * Password rules for wherever a password is set (own change, an administrator's reset, a new user):
 * at least 12 characters (the schemas), not the current password, not containing the username, and not
 * common or easy to guess. The last is zxcvbn-ts with its common-password list (the most used passwords,
 * names and words from leaks): a score under 4 (fewer than 10^10 guesses, zxcvbn's "very unguessable")
 * is refused: a phrase of a few unrelated words passes easily, a name or a season with a year does not.
 * Swedish words that passwords here are built from are added, and so are the user's own name parts.
 */
const SWEDISH = [
  'lösenord',
  'losenord',
  'hemlig',
  'hemligt',
  'sommar',
  'vinter',
  'hösten',
  'hosten',
  'våren',
  'varen',
  'bista',
  'bistå',
  'hjälpmedel',
  'hjalpmedel',
  'hjälpmedelscentralen',
  'region',
  'regionen',
  'kommun',
  'kommunen',
  'sjukhus',
  'vården',
  'varden',
  'vårdcentral',
  'hemtjänst',
  'hemtjanst',
  'tjena',
  'hejsan',
  'välkommen',
  'valkommen',
  'sverige',
  'stockholm',
  'göteborg',
  'goteborg',
  'malmö',
  'malmo',
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

let factory: ZxcvbnFactory | undefined;
// Built on first use: loading the lists takes a tenth of a second, which the server's start need not pay.
const zxcvbn = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, swedish: SWEDISH },
    graphs: common.adjacencyGraphs,
    // Long passwords are judged by their first 64 characters: the matching is quadratic in the length.
    maxLength: 64,
  }));

export const MIN_PASSWORD_SCORE = 4;

export interface NewPasswordInput {
  password: string;
  username: string;
  /** First and last name, so that they count as guessable too. */
  names?: readonly (string | null | undefined)[];
  /** The stored hash of the current password, if the account has one: the new password must differ. */
  currentHash?: string | null;
  /** The request field the password came in, for the issue path (e.g. `body.newPassword`). */
  field: string;
}

/** Throws a PASSWORD_* AppError with a Swedish message when the new password breaks a rule. */
export async function checkNewPassword(input: NewPasswordInput): Promise<void> {
  const refuse = (code: 'PASSWORD_SAME_AS_CURRENT' | 'PASSWORD_CONTAINS_USERNAME' | 'PASSWORD_TOO_COMMON', message: string): never => {
    throw new AppError(code, undefined, { issues: [{ path: input.field, code: code.toLowerCase() as Lowercase<typeof code>, message }] });
  };
  const password = input.password;
  const username = input.username.trim().toLowerCase();
  if (input.currentHash && (await verifyPassword(input.currentHash, password))) {
    refuse('PASSWORD_SAME_AS_CURRENT', 'får inte vara samma som det nuvarande lösenordet');
  }
  if (username.length >= 3 && password.toLowerCase().includes(username)) {
    refuse('PASSWORD_CONTAINS_USERNAME', 'får inte innehålla användarnamnet');
  }
  const userInputs = [username, ...username.split(/[^\p{L}\p{N}]+/u), ...(input.names ?? []).flatMap((n) => (n ? n.toLowerCase().split(/\s+/) : []))].filter(
    (w) => w.length >= 3,
  );
  if (zxcvbn().check(password, userInputs).score < MIN_PASSWORD_SCORE) {
    refuse('PASSWORD_TOO_COMMON', 'är för vanligt eller lätt att gissa');
  }
}
