import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';

/**
 * Development signing keys: an RSA pair made once under DATA_DIR/keys, so tokens printed by
 * `npm run token` stay valid across restarts. The server verifies them exactly as it verifies
 * Cognito's tokens in AWS: same algorithm, issuer and audience checks.
 */

export const localIssuer = 'ehcp-ledger-local';
export const localAudience = 'ehcp-ledger';

export const dataDir = (): string => process.env.DATA_DIR ?? join(process.cwd(), '.data');

export async function ensureKeys(
  dir = join(dataDir(), 'keys'),
): Promise<{ publicKeyPem: string; privateKeyPem: string }> {
  const publicPath = join(dir, 'public.pem');
  const privatePath = join(dir, 'private.pem');
  if (existsSync(publicPath) && existsSync(privatePath)) {
    return {
      publicKeyPem: readFileSync(publicPath, 'utf8'),
      privateKeyPem: readFileSync(privatePath, 'utf8'),
    };
  }
  mkdirSync(dir, { recursive: true });
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicKeyPem = await exportSPKI(publicKey);
  const privateKeyPem = await exportPKCS8(privateKey);
  writeFileSync(privatePath, privateKeyPem, { mode: 0o600 });
  writeFileSync(publicPath, publicKeyPem);
  return { publicKeyPem, privateKeyPem };
}

export interface TokenClaims {
  role: string;
  org: string;
  plans?: string[];
  sub?: string;
  ttlSeconds?: number;
}

export async function signToken(privateKeyPem: string, claims: TokenClaims): Promise<string> {
  const key = await importPKCS8(privateKeyPem, 'RS256');
  return new SignJWT({ role: claims.role, org: claims.org, plans: claims.plans ?? [] })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject(claims.sub ?? `${claims.role}-${claims.org}`)
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}
