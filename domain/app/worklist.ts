import { can } from '../access.js';
import { dateOf } from '../dates.js';
import { workWindows } from '../plan-records.js';
import { InvalidCursorError, type Page, type PageRequest, workPosition } from '../ports.js';
import { type WorkRow, windowBounds, workRow } from '../work.js';
import { type Deps, forbidden, type RequestContext } from './context.js';
import { checkPage } from './queries.js';

/**
 * The officer's worklist (DESIGN.md section 9b): every open item of a council or health body, oldest
 * due first, paged. It reads the index items commands keep for open work, one bounded query per
 * window, and merges them; it never reads a plan, so it costs the same at 200 plans or 20,000.
 */

const cursorPattern = /^\d{4}-\d{2}-\d{2}#[A-Za-z0-9_-]{1,64}#[a-z0-9_]{1,40}#[A-Za-z0-9_-]{1,64}$/;

function decodePosition(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!cursorPattern.test(position) || Buffer.from(position, 'utf8').toString('base64url') !== cursor)
    throw new InvalidCursorError('cursor is not one this API returned');
  return position;
}

export async function worklist(
  deps: Deps,
  actor: RequestContext['actor'],
  scope: { councilId: string } | { funderId: string },
  page: PageRequest,
): Promise<Page<WorkRow>> {
  const allowed =
    'councilId' in scope
      ? can(actor, 'council:report', { kind: 'council', councilId: scope.councilId })
      : can(actor, 'funder:report', { kind: 'funder', funderId: scope.funderId });
  if (!allowed) throw forbidden('see this worklist');
  const { limit, cursor } = checkPage(page);
  const after = decodePosition(cursor);
  const today = dateOf(deps.clock.now());
  const found = (
    await Promise.all(
      workWindows.map((window) =>
        deps.store.listWork({ scope, window, ...windowBounds(window, today), after, limit }),
      ),
    )
  )
    .flat()
    .filter((w) => w.open)
    .sort((a, b) => (workPosition(a) < workPosition(b) ? -1 : 1));
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((w) => workRow(w, today)),
    next: found.length > limit && last ? Buffer.from(workPosition(last), 'utf8').toString('base64url') : null,
  };
}
