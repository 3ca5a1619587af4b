import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration from the environment', () => {
  it('has working defaults: port 3000, ./data, embedded database, inactivation after 12 months', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, inactivateAfterMonths: 12 });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('sessions end after 30 idle minutes unless BISTA_SESSION_IDLE_MINUTES says otherwise', () => {
    expect(loadConfig({}).sessionIdleMinutes).toBe(30);
    expect(loadConfig({ BISTA_SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes).toBe(15);
    expect(() => loadConfig({ BISTA_SESSION_IDLE_MINUTES: '0' })).toThrow(/^Configuration error: BISTA_SESSION_IDLE_MINUTES="0"/);
  });

  it('mail is kept for the admin list unless BISTA_SMTP_URL names an SMTP server', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: undefined, from: 'Bistå <noreply@bista.invalid>' });
    expect(loadConfig({ BISTA_SMTP_URL: 'smtp://mail.region.se:587' }).mail.smtpUrl).toBe('smtp://mail.region.se:587');
  });

  it('DATABASE_URL switches to a PostgreSQL server', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it.each([
    [{ PORT: 'abc' }, /^Configuration error: PORT="abc": /],
    [{ PORT: '70000' }, /^Configuration error: PORT="70000": /],
    [{ DATABASE_URL: 'mysql://x' }, /^Configuration error: DATABASE_URL="mysql:\/\/x": must be a postgres:\/\/ URL$/],
    [{ BISTA_INACTIVATE_MONTHS: '0' }, /^Configuration error: BISTA_INACTIVATE_MONTHS="0"/],
    [{ BISTA_LOG_LEVEL: 'loud' }, /^Configuration error: BISTA_LOG_LEVEL="loud"/],
    [{ BISTA_SMTP_URL: 'http://mail.region.se' }, /^Configuration error: BISTA_SMTP_URL="http:\/\/mail.region.se": must be an smtp:\/\/ or smtps:\/\/ URL/],
  ])('a wrong value (%o) gives one clear line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
