import { describe, expect, it } from 'vitest';
import { swedishCollator, swedishSortKey } from './sort-key.ts';

describe('Swedish sort order', () => {
  const names = ['Öberg', 'Ahl', 'Åkesson', 'Zetterlund', 'Ängby', 'Ek', 'Éclair', 'Müller', 'ahlberg', 'Vik', 'Wallin', 'Yngve', 'Östlund', 'Aaberg'];

  it('the stored sort key orders names as Intl.Collator("sv") does: Å, Ä, Ö after Z', () => {
    const byKey = [...names].sort((a, b) => (swedishSortKey(a) < swedishSortKey(b) ? -1 : swedishSortKey(a) > swedishSortKey(b) ? 1 : 0));
    const byCollator = [...names].sort(swedishCollator.compare);
    expect(byKey).toEqual(byCollator);
    expect(byKey.slice(-5)).toEqual(['Zetterlund', 'Åkesson', 'Ängby', 'Öberg', 'Östlund']);
  });

  it('last name then first name', () => {
    expect(swedishSortKey('Åberg', 'Anna') < swedishSortKey('Åberg', 'Bo')).toBe(true);
    expect(swedishSortKey('Ek', 'Örjan') < swedishSortKey('Eklund', 'Anna')).toBe(true);
  });
});
