import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config.ts';

describe('the patient directory configuration', () => {
  it('is the embedded register by default', () => {
    expect(loadConfig({}).patientDirectory).toEqual({ kind: 'embedded' });
  });

  it('BISTA_PATIENT_DIRECTORY=fhir uses BISTA_FHIR_BASE_URL, with a 5 s time limit unless BISTA_FHIR_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({ BISTA_PATIENT_DIRECTORY: 'fhir', BISTA_FHIR_BASE_URL: 'https://fhir.region.example/r4' }).patientDirectory).toEqual({
      kind: 'fhir',
      baseUrl: 'https://fhir.region.example/r4',
      timeoutMs: 5000,
    });
    expect(
      loadConfig({ BISTA_PATIENT_DIRECTORY: 'fhir', BISTA_FHIR_BASE_URL: 'http://127.0.0.1:8080/fhir', BISTA_FHIR_TIMEOUT_MS: '1500' }).patientDirectory,
    ).toMatchObject({ timeoutMs: 1500 });
  });

  it.each([
    [{ BISTA_PATIENT_DIRECTORY: 'fhir' }, /^Configuration error: BISTA_FHIR_BASE_URL: is required when BISTA_PATIENT_DIRECTORY=fhir$/],
    [
      { BISTA_PATIENT_DIRECTORY: 'fhir', BISTA_FHIR_BASE_URL: 'ftp://x' },
      /^Configuration error: BISTA_FHIR_BASE_URL="ftp:\/\/x": must be an http:\/\/ or https:\/\/ URL$/,
    ],
    [{ BISTA_PATIENT_DIRECTORY: 'ldap' }, /^Configuration error: BISTA_PATIENT_DIRECTORY="ldap"/],
    [{ BISTA_FHIR_TIMEOUT_MS: '0' }, /^Configuration error: BISTA_FHIR_TIMEOUT_MS="0"/],
  ])('a wrong value (%o) gives one clear line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
