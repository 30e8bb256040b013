import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The web app's side of "one way in" (docs/decisions/47), as functions/origin.ts is the API's (web/
 * takes nothing from functions/): CloudFront's origin secret, in ORIGIN_VERIFY, must come with
 * every request, and the web app sends it on its own calls to API Gateway. Unset locally.
 */
export const originHeader = 'x-origin-verify';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function throughFront(
  headers: Record<string, string | undefined> | undefined,
  expected: string | undefined = process.env.ORIGIN_VERIFY,
): boolean {
  if (!expected) return true;
  const given = headers?.[originHeader];
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
