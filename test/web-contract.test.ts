import { describe, expect, it } from 'vitest';
import { profession } from '../src/administration/users/user-schemas.ts';
import { roles } from '../src/administration/schema.ts';
import { PROFESSIONS, ROLES } from '../web/src/api.ts';

// The web app keeps its own copy of the server's enumerations (it must not bundle server code);
// this keeps the two from drifting apart.
describe('the web client agrees with the server', () => {
  it('on the roles', () => expect([...ROLES]).toEqual([...roles]));
  it('on the professions', () => expect([...PROFESSIONS]).toEqual([...profession.options]));
});
