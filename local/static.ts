import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves the web page's files; refuses any path that climbs out of its folder. */
export async function serveStatic(dir: string, pathname: string, res: ServerResponse): Promise<boolean> {
  const relative = normalize(pathname === '/' ? '/index.html' : pathname);
  if (relative.includes('..')) return false;
  try {
    const content = await readFile(join(dir, relative));
    res.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream' });
    res.end(content);
    return true;
  } catch {
    return false;
  }
}
