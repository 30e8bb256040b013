import type { responseSchemas } from '../contract/response-schemas.js';
import type { ResponseName } from '../contract/route-def.js';
import type * as z from '../contract/zod.js';

/**
 * The web tier is a client of the public API over HTTP, with the user's own token: it sees what the
 * user may see and nothing more. Changing calls carry the Idempotency-Key made when the form was drawn.
 */

/**
 * A success body as the API documents it: the type of its response schema, by the name the route
 * table gives it (`response`). Type-only imports: no schema is in the web's bundle.
 */
export type Answer<N extends ResponseName> = z.output<(typeof responseSchemas)[N]>;

/** The body of an answer: a named success body, or any JSON when the call names none. */
type BodyOf<N extends ResponseName | undefined> = N extends ResponseName
  ? Answer<N>
  : Record<string, unknown>;

/** What a refusal's problem+json adds (contract/problems.ts). */
interface ProblemFields {
  code?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/**
 * An answer: when `status` is the route's success status, `body` is its documented success body
 * (the API's contract test holds every answer to its schema); otherwise a problem.
 */
export interface ApiAnswer<B = Record<string, unknown>> {
  status: number;
  body: B & ProblemFields;
  text: string;
  contentType: string;
}

export class Api {
  /** Headers every call from this container carries: in AWS, CloudFront's origin secret (functions/origin.ts). */
  static containerHeaders: Record<string, string> = {};
  /** Below the web function's Lambda timeout (API_CALL_TIMEOUT_MS from infra/parts/front.ts), so a slow call fails as a page. */
  static callTimeoutMs = 8_000;

  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async call<B>(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
    accept?: string,
  ): Promise<ApiAnswer<B>> {
    const headers: Record<string, string> = {
      ...Api.containerHeaders,
      authorization: `Bearer ${this.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    if (accept) headers.accept = accept;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(Api.callTimeoutMs),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    // Not JSON (CSV, hledger) or not parseable: an empty body, which no success of a JSON route is.
    let parsed: ApiAnswer<B>['body'] = {} as ApiAnswer<B>['body'];
    if (contentType.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // stays empty
      }
    }
    return { status: res.status, body: parsed, text, contentType };
  }

  /** `get<'PlanView'>(path)` types the success body from the route's response schema. */
  get = <N extends ResponseName | undefined = undefined>(path: string) => this.call<BodyOf<N>>('GET', path);
  csv = (path: string) => this.call<Record<string, unknown>>('GET', path, undefined, undefined, 'text/csv');
  post = <N extends ResponseName | undefined = undefined>(path: string, body: unknown, key: string) =>
    this.call<BodyOf<N>>('POST', path, body, key);
  put = <N extends ResponseName | undefined = undefined>(path: string, body: unknown, key: string) =>
    this.call<BodyOf<N>>('PUT', path, body, key);
  delete = (path: string, key: string) => this.call<Record<string, unknown>>('DELETE', path, undefined, key);
  /** A body that is not JSON (a bank statement), sent as the given media type. */
  async postText(path: string, text: string, contentType: string, key: string): Promise<ApiAnswer> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': contentType, 'idempotency-key': key },
      body: text,
      signal: AbortSignal.timeout(25_000),
    });
    const body = await res.text();
    let parsed: ApiAnswer['body'] = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = {};
    }
    return {
      status: res.status,
      body: parsed,
      text: body,
      contentType: res.headers.get('content-type') ?? '',
    };
  }
}
