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

  it('SITHS login is off unless BISTA_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are set; the redirect URI follows BISTA_PUBLIC_URL', () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({}).localPasswords).toBe(true);
    const c = loadConfig({
      BISTA_PUBLIC_URL: 'https://bista.region.se',
      BISTA_OIDC_ISSUER: 'https://idp.region.se/oidc',
      BISTA_OIDC_CLIENT_ID: 'bista',
      BISTA_OIDC_CLIENT_SECRET: 'hemligt',
      BISTA_LOCAL_PASSWORDS: 'off',
    });
    expect(c.oidc).toEqual({
      issuer: 'https://idp.region.se/oidc',
      clientId: 'bista',
      clientSecret: 'hemligt',
      redirectUri: 'https://bista.region.se/api/auth/oidc/callback',
      postLogoutRedirectUri: 'https://bista.region.se/logga-in?utloggad=1',
      hsaIdClaim: 'employeeHsaId',
      scopes: 'openid profile',
    });
    expect(c.localPasswords).toBe(false);
  });

  it.each([
    [
      { BISTA_OIDC_ISSUER: 'https://idp.region.se', BISTA_OIDC_CLIENT_ID: 'bista', BISTA_PUBLIC_URL: 'https://b.se' },
      /^Configuration error: BISTA_OIDC_CLIENT_SECRET: is required for SITHS login/,
    ],
    [
      { BISTA_OIDC_ISSUER: 'https://idp.region.se', BISTA_OIDC_CLIENT_ID: 'bista', BISTA_OIDC_CLIENT_SECRET: 's' },
      /^Configuration error: BISTA_OIDC_REDIRECT_URI: is required for SITHS login unless BISTA_PUBLIC_URL is set/,
    ],
    [
      { BISTA_OIDC_ISSUER: 'http://idp.region.se', BISTA_OIDC_CLIENT_ID: 'bista', BISTA_OIDC_CLIENT_SECRET: 's', BISTA_PUBLIC_URL: 'https://b.se' },
      /must be an https:\/\/ URL \(http:\/\/ only for localhost/,
    ],
    [{ BISTA_OIDC_CLIENT_SECRET: 'x'.repeat(501) }, /^Configuration error: BISTA_OIDC_CLIENT_SECRET: /],
    [{ BISTA_OIDC_SCOPES: 'profile email' }, /BISTA_OIDC_SCOPES="profile email": must include openid/],
    [{ BISTA_LOCAL_PASSWORDS: 'off' }, /^Configuration error: BISTA_LOCAL_PASSWORDS="off": can be off only when SITHS login is configured/],
  ])('SITHS settings that do not fit together (%o) give one clear line, never the secret', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).not.toThrow(/xxxx|"s"/);
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
