import { describe, expect, it } from 'vitest';
import { cancelReasons } from '../contract/matrix.ts';
import { CENTRE_CANCEL_REASONS, PROVISION_QUEUES, UNIT_STATUSES, WRITE_OFF_CODES } from '../../web/src/pages/provision/provision-api.ts';
import { provisionQueues, unitStatuses, writeOffCodes } from './schema.ts';

// The web app keeps its own copy of the provision side's enumerations (it must not bundle server code).
describe('the centre’s pages agree with the server', () => {
  it('on the unit statuses, write-off codes and queues', () => {
    expect([...UNIT_STATUSES]).toEqual([...unitStatuses]);
    expect([...WRITE_OFF_CODES]).toEqual([...writeOffCodes]);
    expect([...PROVISION_QUEUES]).toEqual([...provisionQueues]);
  });
  it('on the cancel reasons the centre offers', () => {
    for (const r of CENTRE_CANCEL_REASONS) expect(cancelReasons).toContain(r);
  });
});
