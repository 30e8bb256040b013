import { can } from '../access.js';
import { dateOf, financialQuarter, type IsoDate, monthOf, quarterOf } from '../dates.js';
import { DomainError } from '../errors.js';
import type { Plan, Pot, Spend } from '../model.js';
import { Money } from '../money.js';
import type { SpendPolicy } from '../policy.js';
import type { Write } from '../ports.js';
import { parseCsvStatement } from '../statements/csv.js';
import { lineIdentities, lineIdOf, type ParsedLine, statementBytesMax } from '../statements/line.js';
import { MatchIndex } from '../statements/matching.js';
import { isCashMerchant, isProhibitedMerchant, merchantCategory } from '../statements/merchant-categories.js';
import { parseOfxStatement } from '../statements/ofx.js';
import {
  type LineStatus,
  linesPerChunk,
  type PotStatements,
  type StatementLines,
  type StatementRecord,
  type StatementTexts,
  type StoredLine,
} from '../statements/records.js';
import { openWork } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, potOf } from './posting.js';
import { spendDecision } from './spends.js';
import { addSummaries, put, setWork } from './unit.js';
import type { SpendView } from './views.js';

/**
 * Statements in (DESIGN.md section 11b): a bank's or card programme's file becomes lines of the
 * pot, each kept once, matched to paid spends (debits) and instalments (credits), refused when
 * the merchant is prohibited, or left for the family to explain. The whole import is one unit of
 * work: the statement, its line and description chunks, refusal records and alerts commit
 * together or not at all, so a crash mid-import leaves the whole file or nothing.
 */

export type StatementFormat = 'csv' | 'ofx';

export interface ImportResult {
  statementId: string;
  imported: number;
  duplicates: number;
  matched: number;
  unexplained: number;
  refused: number;
}

/** Refusal records written one per line up to this many; the rest of a file's share one record. */
const refusalRecordsMax = 20;
/** Months whose refusal counts a statement adds to the summaries, the latest first. */
const refusalMonthsMax = 12;

export function parseStatement(format: StatementFormat, text: string): { bank: string; lines: ParsedLine[] } {
  if (Buffer.byteLength(text, 'utf8') > statementBytesMax)
    throw new DomainError('STATEMENT_TOO_LARGE', 'a statement is at most 2 MB');
  return format === 'csv' ? parseCsvStatement(text) : parseOfxStatement(text);
}

/** A line as the API shows it. */
export interface LineView {
  lineId: string;
  statementId: string;
  date: IsoDate;
  description: string;
  amount: string;
  balance?: string | undefined;
  mcc?: string | undefined;
  category?: string | undefined;
  status: LineStatus;
  spendId?: string | undefined;
  code?: string | undefined;
  classified?: boolean | undefined;
}

/**
 * Every line of a pot's statements in the order the money moved: statements in the order they
 * were imported, each one's lines oldest first (a file written newest first is turned round).
 */
export function potLines(data: PotStatements): LineView[] {
  const texts = new Map(data.texts.map((t) => [`${t.statementId}#${t.chunk}`, t.descriptions]));
  const classified = new Map(data.classifications.map((c) => [c.lineId, c.spendId]));
  const byStatement = new Map<string, StatementLines[]>();
  for (const chunk of data.lines)
    byStatement.set(chunk.statementId, [...(byStatement.get(chunk.statementId) ?? []), chunk]);
  const out: LineView[] = [];
  for (const st of [...data.statements].sort((a, b) => a.seq - b.seq)) {
    const chunks = (byStatement.get(st.statementId) ?? []).sort((a, b) => a.chunk - b.chunk);
    const lines: LineView[] = [];
    for (const chunk of chunks) {
      const descriptions = texts.get(`${chunk.statementId}#${chunk.chunk}`) ?? [];
      chunk.lines.forEach((l, i) => {
        const spendId = classified.get(l.lineId);
        lines.push({
          lineId: l.lineId,
          statementId: st.statementId,
          date: l.date,
          description: descriptions[i] ?? '',
          amount: l.amount,
          ...(l.balance !== undefined ? { balance: l.balance } : {}),
          ...(l.mcc !== undefined ? { mcc: l.mcc } : {}),
          ...(l.category !== undefined ? { category: l.category } : {}),
          status: spendId !== undefined ? 'matched' : l.status,
          ...(spendId !== undefined
            ? { spendId, classified: true }
            : l.spendId !== undefined
              ? { spendId: l.spendId }
              : {}),
          ...(l.code !== undefined ? { code: l.code } : {}),
        });
      });
    }
    const first = lines[0]?.date ?? '';
    const last = lines.at(-1)?.date ?? '';
    out.push(...(first > last ? lines.reverse() : lines));
  }
  return out;
}

const canon = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** Whether a line reads as a payment to the holder's own name ("J SMITH", "Jane Smith"). */
export function toHolderName(description: string, holderName: string | undefined): boolean {
  if (!holderName) return false;
  const text = ` ${canon(description)} `;
  const parts = canon(holderName)
    .split(' ')
    .filter((p) => p.length > 0);
  const first = parts[0];
  const last = parts.at(-1);
  if (!first || !last || parts.length < 2) return false;
  return text.includes(` ${parts.join(' ')} `) || text.includes(` ${first[0]} ${last} `);
}

interface Alert {
  ref: string;
  reason: string;
}

/** The safeguarding alerts a pot's lines raise (section 11b), after an import or a classification. */
export function safeguardingAlerts(
  lines: readonly LineView[],
  quarters: ReadonlySet<string>,
  policy: Pick<SpendPolicy, 'cashLimitPerQuarter' | 'unexplainedLimit'>,
  holderName: string | undefined,
  fresh: { statementId: string; lines: readonly LineView[] } | undefined,
): Alert[] {
  const alerts: Alert[] = [];
  if (fresh) {
    const refused = fresh.lines.filter((l) => l.status === 'refused');
    if (refused.length > 0) {
      const codes = [...new Set(refused.map((l) => l.mcc ?? ''))].sort().join(', ');
      const total = Money.sum(refused.map((l) => Money.of(l.amount).negated()));
      alerts.push({
        ref: `prohibited:${fresh.statementId}`,
        reason: `prohibited merchant categories (${codes}): ${refused.length} line(s), £${total.toString()}`,
      });
    }
    const own = fresh.lines.filter(
      (l) => l.amount.startsWith('-') && toHolderName(l.description, holderName),
    );
    if (own.length > 0) {
      const total = Money.sum(own.map((l) => Money.of(l.amount).negated()));
      alerts.push({
        ref: `own-name:${fresh.statementId}`,
        reason: `payments to the holder's own name: ${own.length} line(s), £${total.toString()}`,
      });
    }
  }
  for (const quarter of [...quarters].sort()) {
    const q = financialQuarter(quarter);
    const within = lines.filter((l) => l.date >= q.start && l.date <= q.end && l.amount.startsWith('-'));
    const cash = Money.sum(
      within
        .filter((l) => l.status !== 'refused' && isCashMerchant(l.mcc))
        .map((l) => Money.of(l.amount).negated()),
    );
    if (policy.cashLimitPerQuarter !== null && cash.greaterThan(Money.of(policy.cashLimitPerQuarter)))
      alerts.push({
        ref: `cash:${quarter}`,
        reason: `cash withdrawn in ${quarter}: £${cash.toString()}, above the limit of £${policy.cashLimitPerQuarter}`,
      });
    const open = within.filter((l) => l.status === 'unexplained');
    const unexplained = Money.sum(open.map((l) => Money.of(l.amount).negated()));
    if (policy.unexplainedLimit !== null && unexplained.greaterThan(Money.of(policy.unexplainedLimit)))
      alerts.push({
        ref: `unexplained:${quarter}`,
        reason: `${open.length} unexplained statement line(s) in ${quarter}: £${unexplained.toString()}, above the limit of £${policy.unexplainedLimit}`,
      });
  }
  return alerts;
}

function alertWrites(deps: Deps, plan: Plan, pot: Pot, alerts: readonly Alert[]): Write[] {
  const now = deps.clock.now();
  return alerts.map((a) =>
    setWork({
      ...openWork('safeguarding_alert', { plan, pot, ref: a.ref }, dateOf(now), now),
      reason: a.reason,
    }),
  );
}

export async function importStatement(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  format: StatementFormat,
  text: string,
): Promise<CommandOutcome<ImportResult>> {
  let parsed: { bank: string; lines: ParsedLine[] } | undefined;
  return runCommand<ImportResult>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'spend:create', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('import statements for this pot');
    // The file is read only once the caller may import it: a stranger learns nothing from it.
    parsed ??= parseStatement(format, text);
    const [existing, policy, spends] = await Promise.all([
      deps.store.getPotStatements(planId, potId),
      councilPolicy(deps, loaded.plan.councilId),
      deps.store.listSpends(planId),
    ]);
    const known = new Set(existing.lines.flatMap((c) => c.lines.map((l) => l.lineId)));
    const usedSpends = new Set<string>([
      ...existing.lines.flatMap((c) => c.lines.flatMap((l) => (l.spendId ? [l.spendId] : []))),
      ...existing.classifications.map((c) => c.spendId),
    ]);
    const usedEntries = new Set(
      existing.lines.flatMap((c) => c.lines.flatMap((l) => (l.entryId ? [l.entryId] : []))),
    );
    const ids = lineIdentities(parsed.lines).map(lineIdOf);
    const fresh: Array<{ line: ParsedLine; lineId: string }> = [];
    parsed.lines.forEach((line, i) => {
      const lineId = ids[i] as string;
      if (!known.has(lineId)) fresh.push({ line, lineId });
    });
    const spendIndex = new MatchIndex(
      spends
        .filter((s) => s.potId === potId && s.status === 'paid')
        .map((s: Spend) => ({ id: s.spendId, amount: s.paidAmount, date: s.paidOn ?? s.date })),
      usedSpends,
    );
    const instalmentIndex = fresh.some((f) => !f.line.amount.startsWith('-') && f.line.amount !== '0.00')
      ? new MatchIndex(await instalmentsOf(deps, planId, potId), usedEntries)
      : undefined;
    const stored: StoredLine[] = fresh.map(({ line, lineId }) => {
      const rule = merchantCategory(line.mcc);
      const base: StoredLine = {
        lineId,
        date: line.date,
        amount: line.amount,
        ...(line.balance !== undefined ? { balance: line.balance } : {}),
        ...(line.mcc !== undefined ? { mcc: line.mcc } : {}),
        ...(rule !== undefined ? { category: rule.category } : {}),
        status: 'unexplained',
      };
      const debit = line.amount.startsWith('-');
      const unsigned = debit ? line.amount.slice(1) : line.amount;
      if (unsigned === '0.00') return { ...base, status: 'matched' };
      if (debit && isProhibitedMerchant(line.mcc, policy))
        return { ...base, status: 'refused', code: 'CATEGORY_PROHIBITED' };
      if (debit) {
        const spendId = spendIndex.take({ amount: unsigned, date: line.date });
        return spendId ? { ...base, status: 'matched', spendId } : base;
      }
      const entryId = instalmentIndex?.take({ amount: unsigned, date: line.date });
      return entryId ? { ...base, status: 'matched', entryId } : base;
    });
    const statementId = deps.ids.next();
    const seq = existing.statements.reduce((m, s) => Math.max(m, s.seq), 0) + 1;
    const count = (status: LineStatus) => stored.filter((l) => l.status === status).length;
    const result: ImportResult = {
      statementId,
      imported: stored.length,
      duplicates: parsed.lines.length - stored.length,
      matched: count('matched'),
      unexplained: count('unexplained'),
      refused: count('refused'),
    };
    const chunks = Math.ceil(stored.length / linesPerChunk);
    const record: StatementRecord = {
      planId,
      potId,
      seq,
      format,
      bank: parsed.bank,
      chunks,
      ...result,
      importedAt: deps.clock.now().toISOString(),
      importedBy: actorRef(ctx.actor),
    };
    const writes: Write[] = [put({ type: 'statement', statement: record })];
    for (let c = 0; c < chunks; c++) {
      const part = fresh.slice(c * linesPerChunk, (c + 1) * linesPerChunk);
      const lines: StatementLines = {
        planId,
        potId,
        statementId,
        chunk: c,
        lines: stored.slice(c * linesPerChunk, (c + 1) * linesPerChunk),
      };
      const texts: StatementTexts = {
        planId,
        potId,
        statementId,
        chunk: c,
        descriptions: part.map((f) => f.line.description),
      };
      writes.push(put({ type: 'statementLines', lines }), put({ type: 'statementTexts', texts }));
    }
    writes.push(...refusalWrites(deps, ctx, pot, statementId, stored));
    // Alerts read the pot's lines with this file's added, for the quarters this file touches.
    const all = potLines({
      ...existing,
      statements: [...existing.statements, record],
      lines: [
        ...existing.lines,
        ...writes.flatMap((w) =>
          w.kind === 'put_if_absent' && w.record.type === 'statementLines' ? [w.record.lines] : [],
        ),
      ],
      texts: [
        ...existing.texts,
        ...writes.flatMap((w) =>
          w.kind === 'put_if_absent' && w.record.type === 'statementTexts' ? [w.record.texts] : [],
        ),
      ],
    });
    const freshViews = all.filter((l) => l.statementId === statementId);
    const quarters = new Set(freshViews.map((l) => quarterOf(l.date)));
    const alerts = safeguardingAlerts(all, quarters, policy, pot.agreement?.holder.name, {
      statementId,
      lines: freshViews,
    });
    writes.push(...alertWrites(deps, loaded.plan, pot, alerts));
    return { unit: { writes }, result };
  });
}

/** A refusal record per prohibited line (source `statement`), and the months' refusal counts. */
function refusalWrites(
  deps: Deps,
  ctx: RequestContext,
  pot: Pot,
  statementId: string,
  lines: StoredLine[],
): Write[] {
  const refused = lines.filter((l) => l.status === 'refused');
  if (refused.length === 0) return [];
  const detail = (l: StoredLine) => ({
    lineId: l.lineId,
    date: l.date,
    amount: l.amount.replace(/^-/, ''),
    mcc: l.mcc,
  });
  const single = refused.length <= refusalRecordsMax ? refused : refused.slice(0, refusalRecordsMax - 1);
  const rest = refused.slice(single.length);
  const events = single.map((l) =>
    eventWrite(deps, actorRef(ctx.actor), pot.planId, 'refusal', {
      potId: pot.potId,
      details: {
        code: 'CATEGORY_PROHIBITED',
        source: 'statement',
        statementId,
        category: l.category,
        ...detail(l),
      },
    }),
  );
  if (rest.length > 0)
    events.push(
      eventWrite(deps, actorRef(ctx.actor), pot.planId, 'refusal', {
        potId: pot.potId,
        details: { code: 'CATEGORY_PROHIBITED', source: 'statement', statementId, lines: rest.map(detail) },
      }),
    );
  const byMonth = new Map<string, number>();
  for (const l of refused) byMonth.set(monthOf(l.date), (byMonth.get(monthOf(l.date)) ?? 0) + 1);
  const months = [...byMonth.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).slice(0, refusalMonthsMax);
  return [
    ...events,
    ...addSummaries(
      months.map(([month, n]) => ({
        kind: 'month' as const,
        planId: pot.planId,
        potId: pot.potId,
        councilId: pot.councilId,
        funderId: pot.funderId,
        key: month,
        adds: { refused: String(n), prohibited: String(n) },
        labels: { month },
      })),
    ),
  ];
}

/** The instalments paid into a pot, as match candidates: the amount made available, and its date. */
async function instalmentsOf(deps: Deps, planId: string, potId: string) {
  const out: Array<{ id: string; amount: string; date: IsoDate }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const found = await deps.store.listEntries(planId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const e of found.items) {
      if (e.kind !== 'instalment') continue;
      const into = e.postings.find(
        (p) => p.potId === potId && p.account === 'available' && !p.amount.startsWith('-'),
      );
      if (into) out.push({ id: e.entryId, amount: Money.of(into.amount).toString(), date: e.effectiveDate });
    }
    if (!found.next) break;
    cursor = found.next;
  }
  return out;
}

export const lineStatusFilter = ['matched', 'unexplained', 'refused'] as const;

export async function listStatementLines(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
  potId: string,
  query: { status?: LineStatus | undefined; limit: number; cursor?: string | undefined },
): Promise<{ planId: string; potId: string; items: LineView[]; next: string | null }> {
  const loaded = await loadPlan(deps, ctx, planId);
  potOf(loaded, potId);
  const offset = query.cursor === undefined ? 0 : offsetOf(query.cursor);
  const lines = potLines(await deps.store.getPotStatements(planId, potId)).filter(
    (l) => query.status === undefined || l.status === query.status,
  );
  // Newest first, as a statement is read.
  lines.reverse();
  const items = lines.slice(offset, offset + query.limit);
  const next =
    offset + query.limit < lines.length
      ? Buffer.from(String(offset + query.limit)).toString('base64url')
      : null;
  return { planId, potId, items, next };
}

function offsetOf(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,6}$/.test(text))
    throw new DomainError('VALIDATION_FAILED', 'cursor is not one this API returned', [
      { path: 'cursor', message: 'invalid' },
    ]);
  return Number.parseInt(text, 10);
}

export interface ClassifyInput {
  category: string;
  outcomeId: string;
  provisionId: string;
  evidence?: string | undefined;
}

/**
 * A family explains an unexplained debit: it becomes a spend of the line's date and amount, paid,
 * under the ordinary policy, and the line is marked with it in the same unit. A refusal keeps the
 * line unexplained (and is recorded as any refused spend is).
 */
export async function classifyLine(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  lineId: string,
  input: ClassifyInput,
): Promise<CommandOutcome<SpendView>> {
  return runCommand<SpendView>(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'spend:create', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('explain statement lines of this pot');
    const line = potLines(await deps.store.getPotStatements(planId, potId)).find((l) => l.lineId === lineId);
    if (!line) throw notFound(`statement line ${lineId} of pot ${potId}`);
    if (line.status !== 'unexplained' || !line.amount.startsWith('-'))
      throw new DomainError(
        'LINE_STATE_CONFLICT',
        `statement line ${lineId} is ${line.classified ? 'already explained' : line.status === 'unexplained' ? 'money in' : line.status}`,
      );
    const amount = Money.of(line.amount).negated();
    return spendDecision(
      deps,
      ctx,
      planId,
      {
        potId,
        amount: amount.toString(),
        date: line.date,
        category: input.category,
        outcomeId: input.outcomeId,
        provisionId: input.provisionId,
        payee: line.description === '' ? 'Statement line' : line.description,
        paid: true,
        ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
      },
      amount,
      () => {},
      (spend) => [
        put({
          type: 'lineClassification',
          classification: {
            planId,
            potId,
            lineId,
            spendId: spend.spendId,
            classifiedAt: deps.clock.now().toISOString(),
            classifiedBy: actorRef(ctx.actor),
          },
        }),
      ],
    );
  });
}

/**
 * The bank balance a quarter's return takes from the statements (section 11b): the balance of the
 * last line on or before the quarter's end that carries one; undefined when none does.
 */
export async function statementBalance(
  deps: Deps,
  planId: string,
  potId: string,
  quarterEnd: IsoDate,
): Promise<string | undefined> {
  const lines = potLines(await deps.store.getPotStatements(planId, potId));
  let best: { date: IsoDate; balance: string; order: number } | undefined;
  lines.forEach((l, order) => {
    if (l.balance === undefined || l.date > quarterEnd) return;
    if (!best || l.date > best.date || (l.date === best.date && order > best.order))
      best = { date: l.date, balance: l.balance, order };
  });
  return (best as { balance: string } | undefined)?.balance;
}

/** A pot's unexplained debits within a range, for monitoring (section 11b). */
export function unexplainedWithin(
  lines: readonly LineView[],
  from: IsoDate,
  to: IsoDate,
): { unexplainedLines: number; unexplainedAmount: string } {
  const open = lines.filter(
    (l) => l.status === 'unexplained' && l.amount.startsWith('-') && l.date >= from && l.date <= to,
  );
  return {
    unexplainedLines: open.length,
    unexplainedAmount: Money.sum(open.map((l) => Money.of(l.amount).negated())).toString(),
  };
}
