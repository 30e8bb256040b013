import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The session is a cookie sealed with AES-256-GCM (so it is both secret and signed): the API token,
 * who the user is, and the CSRF token every form carries. Nothing of it is readable by page
 * scripts (httpOnly) and it is never put in a URL.
 */

export interface Session {
  token: string;
  csrf: string;
  /** A role of the API's tokens (DESIGN.md section 1). */
  role: WebRole;
  org: string;
  sub: string;
  plans: string[];
  /** Seconds since the epoch. */
  expires: number;
}

/** The roles a person signs in with (the API's token roles). */
export const webRoles = [
  'family',
  'key_worker',
  'broker',
  'council_officer',
  'health_officer',
  'auditor',
] as const;
export type WebRole = (typeof webRoles)[number];

export const sessionCookie = 'ehcp_session';
export const sessionHours = 8;

export function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function unseal<T>(key: Buffer, sealed: string | undefined): T | undefined {
  if (!sealed) return undefined;
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function openSession(key: Buffer, sealed: string | undefined, now: Date): Session | undefined {
  const session = unseal<Session>(key, sealed);
  return session && session.expires * 1000 > now.getTime() ? session : undefined;
}

export const newCsrf = (): string => randomBytes(24).toString('base64url');

export function csrfMatches(session: Session, sent: string | null): boolean {
  if (!sent) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
