import { describe, expect, it } from 'vitest';
import { profession } from '../src/administration/users/user-schemas.ts';
import { attachmentKinds, cancelReasons, deviationKinds, orderEventTypes } from '../src/contract/matrix.ts';
import { deviceStatuses } from '../src/ordering/orders/device-status.ts';
import { lineStatuses, orderStatuses } from '../src/ordering/orders/schema.ts';
import { roles } from '../src/platform/auth/identity-schema.ts';
import { provisionLineStates, provisionOrderStatuses, provisionQueues, unitStatuses, writeOffCodes } from '../src/provision/schema.ts';
import { workOrderStates } from '../src/provision/work-orders/schema.ts';
import { areasEn, areasSv } from '../web/src/i18n/areas/index.ts';

/**
 * Codes never show on a page (issue 16 item 11): every value of the server's lists that a page names through a
 * key built at run time (`tMaybe(`prefix.${code}`) ?? code`) has a text in both languages, so the fallback to the
 * code is never taken for a value the server may send.
 */
const lists: [prefix: string, codes: readonly string[]][] = [
  ['profession', profession.options],
  ['role', roles],
  ['orderStatus', orderStatuses],
  ['lineStatus', lineStatuses],
  ['devices.status', deviceStatuses],
  // 'acknowledged' is described by its own texts (matrix.event.acknowledged…); 'submitted' and 'refused' are the ordering side's own.
  ['event', [...orderEventTypes.filter((e) => e !== 'acknowledged'), 'submitted', 'refused']],
  ['endReason', [...writeOffCodes, 'pickedUp', 'replaced', 'deinstalled']],
  ['deviationKind', deviationKinds],
  ['attachmentKind', attachmentKinds],
  ['hmc.cancelReason', cancelReasons],
  ['lineState', provisionLineStates],
  ['unitStatus', unitStatuses],
  ['hmc.orderStatus', provisionOrderStatuses],
  ['hmc.queue', provisionQueues],
  ['wo.state', workOrderStates],
];

describe('every code a page names has a text in Swedish and English', () => {
  it.each(lists)('%s.*', (prefix, codes) => {
    const sv = areasSv as Record<string, string>;
    const en = areasEn as Record<string, string>;
    const missing = codes.filter((c) => !sv[`${prefix}.${c}`] || !en[`${prefix}.${c}`]);
    expect(missing, `${prefix}.<code> has no text`).toEqual([]);
  });
});
