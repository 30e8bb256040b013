// Proves configuration is parsed once, by one schema, and refused with every bad variable named:
// functions without tokens to check need no token settings, and policy overrides are parsed, not cast.
import { describe, expect, it } from 'vitest';
import { dateOf } from '../../domain/dates.js';
import { parseConfig } from '../../functions/config.js';
import { makeApp } from '../../functions/deps.js';

describe('parseConfig', () => {
  it('needs only the table for scheduled functions', () => {
    const c = parseConfig({ TABLE_NAME: 'ledger' });
    expect([c.tableName, c.region, c.jwt, c.logLevel]).toEqual(['ledger', 'eu-west-2', undefined, 'INFO']);
  });

  it('fixes today with LEDGER_TODAY locally, and refuses it in an AWS build', () => {
    const local = parseConfig({ TABLE_NAME: 't', LEDGER_TODAY: '2026-07-01' });
    const app = makeApp(local);
    expect([local.today, dateOf(app.deps.clock.now())]).toEqual(['2026-07-01', '2026-07-01']);
    expect(() => parseConfig({ TABLE_NAME: 't', LEDGER_TODAY: '2026-02-30' })).toThrow(/LEDGER_TODAY/);
    expect(() =>
      parseConfig({ TABLE_NAME: 't', LEDGER_TODAY: '2026-07-01', AWS_LAMBDA_FUNCTION_NAME: 'ledger-api' }),
    ).toThrow(/LEDGER_TODAY: is for local runs only/);
  });

  it('stops without a table name, naming it', () => {
    expect(() => parseConfig({})).toThrow(/TABLE_NAME/);
  });

  it('needs issuer, audience and a key source together', () => {
    expect(() =>
      parseConfig({ TABLE_NAME: 't', JWKS_URL: 'https://example/jwks.json', JWT_ISSUER: 'i' }),
    ).toThrow(/JWT_AUDIENCE/);
    expect(
      parseConfig({
        TABLE_NAME: 't',
        JWKS_URL: 'https://example/jwks.json',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
      }).jwt,
    ).toEqual({ issuer: 'i', audience: 'a', jwksUrl: 'https://example/jwks.json', publicKeyPem: undefined });
  });

  it('parses policy overrides and refuses ones it does not understand', () => {
    const c = parseConfig({ TABLE_NAME: 't', POLICY_OVERRIDES: '{"LA-001":{"surplusWeeks":4}}' });
    expect(c.policyOverrides).toEqual({ 'LA-001': { surplusWeeks: 4 } });
    expect(() =>
      parseConfig({ TABLE_NAME: 't', POLICY_OVERRIDES: '{"LA-001":{"surplusWeeks":12}}' }),
    ).toThrow(/POLICY_OVERRIDES/);
    expect(() => parseConfig({ TABLE_NAME: 't', POLICY_OVERRIDES: '{"LA-001":{"isAdmin":true}}' })).toThrow(
      /POLICY_OVERRIDES/,
    );
    expect(() => parseConfig({ TABLE_NAME: 't', POLICY_OVERRIDES: 'not json' })).toThrow(
      /POLICY_OVERRIDES.*JSON/,
    );
  });

  it('refuses a malformed number and an unknown log level', () => {
    expect(() => parseConfig({ TABLE_NAME: 't', INSTALMENT_SYNC_POTS_MAX: 'many' })).toThrow(
      /INSTALMENT_SYNC_POTS_MAX/,
    );
    expect(() => parseConfig({ TABLE_NAME: 't', LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
  });
});
