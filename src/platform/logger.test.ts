import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubPersonalNumbers } from './logger.ts';

describe('logs carry no personal identity numbers', () => {
  it.each(['19121212-1212', '191212121212', '121212-1212', '121212+1212', '1212121212', '20121272-1234'])('%s is masked', (pnr) => {
    expect(scrubPersonalNumbers(`patient ${pnr} opened`)).toBe('patient [personnummer] opened');
  });

  it('ordinary numbers, ids and timestamps are left alone', () => {
    for (const s of ['order 12345', '2026-11-25T10:00:00Z', 'customer 10101', '4232b94e-4bb6-4933-8a71-78761f73b49e']) {
      expect(scrubPersonalNumbers(s)).toBe(s);
    }
  });

  it('a log line with a personnummer in the message, a field or a URL is written without it', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const log = createLogger('info', sink);
    log.info({ url: '/api/patients/19121212-1212', nested: { pnr: '191212121212' }, password: 'secret' }, 'looked up 121212-1212');
    const out = lines.join('');
    expect(out).not.toMatch(/1212121212|121212-1212/);
    expect(out).not.toContain('secret');
    expect(JSON.parse(out)).toMatchObject({ msg: 'looked up [personnummer]', url: '/api/patients/[personnummer]' });
  });
});
