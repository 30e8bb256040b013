// Proves configuration fails at cold start when a required variable is missing, and that functions
// without an HTTP token to check (the scheduled ones) need no token settings.
import { afterEach, describe, expect, it } from 'vitest';
import { config, jwtConfig, resetConfig } from '../../functions/config.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetConfig();
});

describe('config', () => {
  it('needs only the table for scheduled functions', () => {
    process.env = { TABLE_NAME: 'ledger' };
    resetConfig();
    expect(config().tableName).toBe('ledger');
    expect(() => jwtConfig()).toThrow(/JWKS_URL|JWT_PUBLIC_KEY/);
  });

  it('stops at once without a table name', () => {
    process.env = {};
    resetConfig();
    expect(() => config()).toThrow(/TABLE_NAME/);
  });

  it('needs issuer and audience with a key source for HTTP handlers', () => {
    process.env = { TABLE_NAME: 't', JWKS_URL: 'https://example/jwks.json', JWT_ISSUER: 'i' };
    resetConfig();
    expect(() => jwtConfig()).toThrow(/JWT_AUDIENCE/);
    process.env.JWT_AUDIENCE = 'a';
    resetConfig();
    expect(jwtConfig()).toMatchObject({ issuer: 'i', audience: 'a', jwksUrl: 'https://example/jwks.json' });
  });
});
