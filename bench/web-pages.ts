import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../local/keys.js';
import { localWebConfig } from '../local/web.js';
import { Api } from '../web/api.js';
import { handleWeb } from '../web/app.js';
import type { WebRequest } from '../web/http.js';
import { newCsrf, newSessionId, type Session, seal, sessionCookie, type WebRole } from '../web/session.js';
import { median } from './figures.js';

/**
 * Issue 27's web figures: a page's server time (the web function's own work, `handleWeb` in
 * process: the session, its API calls over HTTP to the local stack, rendering) beside the sum of
 * the API calls it makes (each timed from its request to its body read), and the page's HTML size.
 * Gates: server time ≤ 1.5× the sum of its calls; HTML ≤ 40 KB before compression.
 */

export interface PageFigures {
  name: string;
  path: string;
  status: number;
  /** Medians over the samples. */
  pageMs: number;
  callsMs: number;
  calls: number;
  htmlBytes: number;
}

/** Times every API call the web layer makes while `act` runs (Api's one private `call`). */
async function withCallTimes<T>(act: () => Promise<T>): Promise<{ value: T; times: number[] }> {
  const proto = Api.prototype as unknown as { call: (...args: unknown[]) => Promise<unknown> };
  const call = proto.call;
  const times: number[] = [];
  proto.call = async function (this: Api, ...args: unknown[]) {
    const t = performance.now();
    try {
      return await call.apply(this, args);
    } finally {
      times.push(performance.now() - t);
    }
  };
  try {
    return { value: await act(), times };
  } finally {
    proto.call = call;
  }
}

export async function webPageFigures(options: {
  apiBase: string;
  privateKeyPem: string;
  samples: number;
  pages: Array<{ name: string; path: string; role: WebRole; org: string; plans?: string[] }>;
}): Promise<PageFigures[]> {
  const config = localWebConfig({
    apiBase: options.apiBase,
    keysDir: join(mkdtempSync(join(tmpdir(), 'ehcp-bench-web-')), 'keys'),
    privateKeyPem: options.privateKeyPem,
  });
  const out: PageFigures[] = [];
  for (const p of options.pages) {
    const sid = newSessionId();
    const now = Math.floor(Date.now() / 1000);
    await config.sessions.create(sid, now);
    const session: Session = {
      token: await signToken(options.privateKeyPem, { role: p.role, org: p.org, plans: p.plans ?? [] }),
      csrf: newCsrf(),
      role: p.role,
      org: p.org,
      sub: `bench-${p.role}`,
      plans: p.plans ?? [],
      expires: now + 3600,
      sid,
    };
    const req: WebRequest = {
      method: 'GET',
      path: p.path,
      query: new URLSearchParams(),
      headers: {},
      form: new URLSearchParams(),
      cookies: { [sessionCookie]: seal(config.sessionKey, session) },
    };
    const pageTimes: number[] = [];
    const callTimes: number[] = [];
    let status = 0;
    let htmlBytes = 0;
    let calls = 0;
    // One warm-up (templates compiled, connections open), then the samples.
    for (let i = 0; i <= options.samples; i++) {
      const t = performance.now();
      const { value, times } = await withCallTimes(() => handleWeb(req, config));
      const elapsed = performance.now() - t;
      if (i === 0) continue;
      pageTimes.push(elapsed);
      callTimes.push(times.reduce((a, b) => a + b, 0));
      status = value.status;
      htmlBytes = Buffer.byteLength(value.body);
      calls = times.length;
    }
    out.push({
      name: p.name,
      path: p.path,
      status,
      pageMs: median(pageTimes),
      callsMs: median(callTimes),
      calls,
      htmlBytes,
    });
  }
  return out;
}
