// Proves every kind of forged or broken token is a 401 over HTTP.
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAudience, localIssuer } from '../../local/keys.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('token attacks', () => {
  async function forged(
    claims: Record<string, unknown>,
    options: { iss?: string; aud?: string; exp?: string | number } = {},
  ) {
    const key = await importPKCS8(api.privateKeyPem, 'RS256');
    return new SignJWT({ role: 'council_officer', org: COUNCIL, ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('attacker')
      .setIssuer(options.iss ?? localIssuer)
      .setAudience(options.aud ?? localAudience)
      .setExpirationTime(options.exp ?? '1h')
      .sign(key);
  }
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  it.each([
    [
      'alg none',
      async () =>
        `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'council_officer', org: COUNCIL, iss: localIssuer, aud: localAudience, exp: 9_999_999_999 })}.`,
    ],
    [
      'HS256 signed with the public key',
      async () =>
        `${b64({ alg: 'HS256' })}.${b64({ sub: 'x', role: 'council_officer', org: COUNCIL })}.c2lnbmF0dXJl`,
    ],
    ['a bad signature', async () => `${(await forged({})).slice(0, -6)}AAAAAA`],
    ['an expired token', async () => forged({}, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a wrong issuer', async () => forged({}, { iss: 'https://evil.example' })],
    ['a wrong audience', async () => forged({}, { aud: 'another-app' })],
    [
      'tampered claims',
      async () => {
        const [h, , s] = (await forged({})).split('.');
        return `${h}.${b64({ sub: 'x', role: 'council_officer', org: 'LA-002', iss: localIssuer, aud: localAudience, exp: 9_999_999_999 })}.${s}`;
      },
    ],
    ['no role', async () => forged({ role: undefined })],
    ['no organisation', async () => forged({ org: undefined })],
    ['the scheduler role', async () => forged({ role: 'scheduler' })],
    ['garbage', async () => 'not-a-token'],
  ])('refuses %s with 401', async (_what, make) => {
    const res = await api.request(await make(), 'GET', `/v1/councils/${COUNCIL}/reconciliation`);
    expect([res.status, res.json.code]).toEqual([401, 'UNAUTHORIZED']);
  });
});
