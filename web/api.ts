/**
 * The web tier is a client of the public API over HTTP, with the user's own token: it sees what the
 * user may see and nothing more. Changing calls carry the Idempotency-Key made when the form was drawn.
 */

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & {
    code?: string;
    detail?: string;
    errors?: Array<{ path: string; message: string }>;
  };
  text: string;
  contentType: string;
}

export class Api {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async call(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
    accept?: string,
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    if (accept) headers.accept = accept;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(25_000),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let parsed: ApiAnswer['body'] = {};
    if (contentType.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = {};
      }
    }
    return { status: res.status, body: parsed, text, contentType };
  }

  get = (path: string) => this.call('GET', path);
  csv = (path: string) => this.call('GET', path, undefined, undefined, 'text/csv');
  post = (path: string, body: unknown, key: string) => this.call('POST', path, body, key);
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
  put = (path: string, body: unknown, key: string) => this.call('PUT', path, body, key);
  delete = (path: string, key: string) => this.call('DELETE', path, undefined, key);
}
