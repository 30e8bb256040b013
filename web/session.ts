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
  /** The server's record of this session (SessionStore): ended at sign-out, idle or old. */
  sid?: string;
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

/**
 * Sessions kept on the server (DESIGN.md section 11a). The sealed cookie names a session; the
 * session store says whether it is still open. Signing out ends it there, so a copy of the cookie
 * opens nothing afterwards; a session ends 8 hours after sign-in, or after 60 minutes without a
 * request. The store is a small port: DynamoDB (the ledger table, locally DynamoDB Local) or memory.
 */
export const sessionIdleMinutes = 60;
/** A session's last-seen time is written at most this often (one write per minute of use, not per page). */
export const sessionTouchSeconds = 60;

export interface SessionRecord {
  /** Seconds since the epoch. */
  createdAt: number;
  lastSeenAt: number;
  ended: boolean;
}

export interface SessionStore {
  create(id: string, now: number): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  touch(id: string, now: number): Promise<void>;
  end(id: string, now: number): Promise<void>;
}

/** A session as the server keeps it, for tests and a single process. */
export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  async create(id: string, now: number): Promise<void> {
    this.records.set(id, { createdAt: now, lastSeenAt: now, ended: false });
  }
  async get(id: string): Promise<SessionRecord | undefined> {
    const r = this.records.get(id);
    return r && { ...r };
  }
  async touch(id: string, now: number): Promise<void> {
    const r = this.records.get(id);
    if (r) r.lastSeenAt = now;
  }
  async end(id: string): Promise<void> {
    const r = this.records.get(id);
    if (r) r.ended = true;
  }
}

export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** Whether a kept session is still open at `now` (seconds). */
export const sessionOpen = (r: SessionRecord | undefined, now: number): r is SessionRecord =>
  r !== undefined &&
  !r.ended &&
  now < r.createdAt + sessionHours * 3600 &&
  now < r.lastSeenAt + sessionIdleMinutes * 60;

/**
 * The session of a request: the sealed cookie opened, and its server record still open; its
 * last-seen time moved on. A cookie without a session id (sealed before sessions were kept) opens
 * nothing.
 */
export async function resumeSession(
  key: Buffer,
  store: SessionStore,
  sealed: string | undefined,
  now: Date,
): Promise<Session | undefined> {
  const session = openSession(key, sealed, now);
  if (!session?.sid) return undefined;
  const seconds = Math.floor(now.getTime() / 1000);
  const record = await store.get(session.sid);
  if (!sessionOpen(record, seconds)) return undefined;
  if (seconds - record.lastSeenAt >= sessionTouchSeconds) await store.touch(session.sid, seconds);
  return session;
}
