// Names for the API types of delivery runs (körningar, src/provision/transport) and a few helpers.
import type { ApiData } from '../../api/client.ts';

export type Run = ApiData<'/api/provision/transport/runs/{id}'>;
export type Stop = Run['stops'][number];
export type RunSummary = ApiData<'/api/provision/transport/runs'>[number];

export const runStateTone = (s: RunSummary['state']): 'ok' | 'muted' | 'warn' | 'info' => (s === 'done' ? 'ok' : s === 'out' ? 'info' : 'muted');
export const stopStateTone = (s: Stop['state']): 'ok' | 'muted' | 'warn' | 'info' => (s === 'pending' ? 'muted' : s === 'nobodyHome' ? 'warn' : 'ok');
