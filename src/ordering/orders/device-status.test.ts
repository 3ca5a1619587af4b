import { describe, expect, it } from 'vitest';
import { deviceStatus, type OpenUnitLine } from './device-status.ts';

const line = (over: Partial<OpenUnitLine>): OpenUnitLine => ({
  unitNumber: 'U-1',
  orderId: 'o',
  orderType: 'workOrder',
  lineStatus: 'received',
  workOrderTypeCode: null,
  started: false,
  ...over,
});
const chair = { unitNumber: 'U-1', chargingForm: 'rent' };

describe('the status of a unit on the patient’s device list', () => {
  it('nothing open: on loan, or bought when it was sold to the patient', () => {
    expect(deviceStatus(chair, [])).toEqual({ status: 'onLoan', statusOrderId: null });
    expect(deviceStatus({ unitNumber: 'U-1', chargingForm: 'sale' }, [])).toEqual({ status: 'purchased', statusOrderId: null });
  });

  it('a corrective-maintenance work order: fault reported, in repair once started; other work orders are just ordered', () => {
    expect(deviceStatus(chair, [line({ orderId: 'r', workOrderTypeCode: 'repairAtPatient' })])).toEqual({ status: 'faultReported', statusOrderId: 'r' });
    expect(deviceStatus(chair, [line({ orderId: 'r', workOrderTypeCode: 'repairUrgent', started: true })]).status).toBe('inRepair');
    expect(deviceStatus(chair, [line({ workOrderTypeCode: 'adjustment', started: true })]).status).toBe('workOrderOrdered');
    expect(deviceStatus(chair, [line({ workOrderTypeCode: 'deinstallation' })]).status).toBe('deinstallationOrdered');
  });

  it('the weightiest open line wins, and lines of other units or finished lines say nothing', () => {
    const lines = [
      line({ orderId: 'repair', workOrderTypeCode: 'repairAtCentre', started: true }),
      line({ orderId: 'pick', orderType: 'pickUp', lineStatus: 'submitted' }),
      line({ orderId: 'other', unitNumber: 'U-2', orderType: 'pickUp', lineStatus: 'pickedUp' }),
      line({ orderId: 'lost', orderType: 'lostDevice', lineStatus: 'cancelled' }),
    ];
    expect(deviceStatus(chair, lines)).toEqual({ status: 'pickUpOrdered', statusOrderId: 'pick' });
    expect(deviceStatus(chair, [line({ orderId: 'lost', orderType: 'lostDevice' }), lines[0]!])).toEqual({ status: 'reportedLost', statusOrderId: 'lost' });
    expect(deviceStatus(chair, [line({ orderType: 'pickUp', lineStatus: 'pickedUp' })]).status).toBe('pickedUp');
  });
});
