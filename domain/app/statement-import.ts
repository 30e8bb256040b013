import { can } from '../access.js';
import { type IsoDate, monthOf, quarterOf } from '../dates.js';
import { DomainError } from '../errors.js';
import type { Pot, Spend } from '../model.js';
import { Money } from '../money.js';
import type { Write } from '../ports.js';
import { parseCsvStatement } from '../statements/csv.js';
import { lineIdentities, lineIdOf, type ParsedLine, statementBytesMax } from '../statements/line.js';
import { type MatchCandidate, MatchIndex } from '../statements/matching.js';
import { isProhibitedMerchant, merchantCategory } from '../statements/merchant-categories.js';
import { parseOfxStatement } from '../statements/ofx.js';
import {
  linesPerChunk,
  type PotStatements,
  type StatementLines,
  type StatementRecord,
  type StatementTexts,
  type StoredLine,
} from '../statements/records.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, potOf } from './posting.js';
import { alertWrites, safeguardingAlerts } from './safeguarding-alerts.js';
import { potLines } from './statement-lines.js';
import { addSummaries, put } from './unit.js';

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
/** Journal entries read a page at a time when looking for instalments (the stores' page limit). */
const entriesPageLimit = 1_000;

function parseStatement(format: StatementFormat, text: string): { bank: string; lines: ParsedLine[] } {
  if (Buffer.byteLength(text, 'utf8') > statementBytesMax)
    throw new DomainError('STATEMENT_TOO_LARGE', 'a statement is at most 2 MB');
  return format === 'csv' ? parseCsvStatement(text) : parseOfxStatement(text);
}

interface FreshLine {
  line: ParsedLine;
  lineId: string;
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
    const kept = keptOf(existing);
    const ids = lineIdentities(parsed.lines).map(lineIdOf);
    const fresh: FreshLine[] = [];
    parsed.lines.forEach((line, i) => {
      const lineId = ids[i] as string;
      if (!kept.lineIds.has(lineId)) fresh.push({ line, lineId });
    });
    const spendIndex = new MatchIndex(paidSpendsOf(spends, potId), kept.spendIds);
    const instalmentIndex = fresh.some((f) => !f.line.amount.startsWith('-') && f.line.amount !== '0.00')
      ? new MatchIndex(await instalmentsOf(deps, planId, potId), kept.entryIds)
      : undefined;
    const stored = fresh.map((f) => storedLine(f, policy, spendIndex, instalmentIndex));
    const statementId = deps.ids.next();
    const result: ImportResult = {
      statementId,
      imported: stored.length,
      duplicates: parsed.lines.length - stored.length,
      matched: 0,
      unexplained: 0,
      refused: 0,
    };
    for (const l of stored) result[l.status]++;
    const chunks = chunksOf({ planId, potId, statementId }, fresh, stored);
    const record: StatementRecord = {
      planId,
      potId,
      seq: existing.statements.reduce((m, s) => Math.max(m, s.seq), 0) + 1,
      format,
      bank: parsed.bank,
      chunks: chunks.lines.length,
      ...result,
      importedAt: deps.clock.now().toISOString(),
      importedBy: actorRef(ctx.actor),
    };
    // Alerts read the pot's lines with this file's added, for the quarters this file touches.
    const all = potLines({
      ...existing,
      statements: [...existing.statements, record],
      lines: [...existing.lines, ...chunks.lines],
      texts: [...existing.texts, ...chunks.texts],
    });
    const freshViews = all.filter((l) => l.statementId === statementId);
    const quarters = new Set(freshViews.map((l) => quarterOf(l.date)));
    const alerts = safeguardingAlerts(all, quarters, policy, pot.agreement?.holder.name, {
      statementId,
      lines: freshViews,
    });
    const writes: Write[] = [
      put({ type: 'statement', statement: record }),
      ...chunks.lines.flatMap((lines, c) => [
        put({ type: 'statementLines', lines }),
        put({ type: 'statementTexts', texts: chunks.texts[c] as StatementTexts }),
      ]),
      ...refusalWrites(deps, ctx, pot, statementId, stored),
      ...alertWrites(deps, loaded.plan, pot, alerts),
    ];
    return { unit: { writes }, result };
  });
}

/** What a pot's statements already hold, in one pass: line ids, and the spends and instalments matched. */
function keptOf(existing: PotStatements) {
  const lineIds = new Set<string>();
  const spendIds = new Set<string>(existing.classifications.map((c) => c.spendId));
  const entryIds = new Set<string>();
  for (const chunk of existing.lines)
    for (const l of chunk.lines) {
      lineIds.add(l.lineId);
      if (l.spendId) spendIds.add(l.spendId);
      if (l.entryId) entryIds.add(l.entryId);
    }
  return { lineIds, spendIds, entryIds };
}

/** The pot's paid spends, as match candidates: the amount paid, and the day it was paid. */
function paidSpendsOf(spends: readonly Spend[], potId: string): MatchCandidate[] {
  return spends
    .filter((s) => s.potId === potId && s.status === 'paid')
    .map((s) => ({ id: s.spendId, amount: s.paidAmount, date: s.paidOn ?? s.date }));
}

/**
 * A new line as kept: nothing moved (matched), a prohibited merchant's debit (refused), a debit
 * matched to a paid spend or a credit to an instalment, or else left for the family to explain.
 */
function storedLine(
  { line, lineId }: FreshLine,
  policy: { cashWithdrawals: boolean },
  spendIndex: MatchIndex,
  instalmentIndex: MatchIndex | undefined,
): StoredLine {
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
}

/** A file's new lines in chunks (section 11b): the money facts, and the descriptions apart. */
function chunksOf(
  of: { planId: string; potId: string; statementId: string },
  fresh: readonly FreshLine[],
  stored: readonly StoredLine[],
): { lines: StatementLines[]; texts: StatementTexts[] } {
  const lines: StatementLines[] = [];
  const texts: StatementTexts[] = [];
  for (let c = 0; c * linesPerChunk < stored.length; c++) {
    const [from, to] = [c * linesPerChunk, (c + 1) * linesPerChunk];
    lines.push({ ...of, chunk: c, lines: stored.slice(from, to) });
    texts.push({ ...of, chunk: c, descriptions: fresh.slice(from, to).map((f) => f.line.description) });
  }
  return { lines, texts };
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
  for (let page = 0; page < 100; page++) {
    const found = await deps.store.listEntries(planId, {
      limit: entriesPageLimit,
      ...(cursor ? { cursor } : {}),
    });
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
