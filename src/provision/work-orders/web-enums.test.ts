import { describe, expect, it } from 'vitest';
import { WORK_ORDER_CANCEL_REASONS, WORK_ORDER_STATES } from '../../../web/src/pages/provision/work-order-api.ts';
import { workOrderCancelReasons } from './cancel-work-order.ts';
import { workOrderStates } from './schema.ts';

// The web app keeps its own copy of the work orders' enumerations (it must not bundle server code).
describe('the work-order page agrees with the server', () => {
  it('on the states and the cancel reasons', () => {
    expect([...WORK_ORDER_STATES]).toEqual([...workOrderStates]);
    expect([...WORK_ORDER_CANCEL_REASONS]).toEqual([...workOrderCancelReasons]);
  });
});
