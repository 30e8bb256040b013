import { can } from '../access.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { Money } from '../money.js';
import type { LineStatus, PotStatements, StatementLines } from '../statements/records.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan, potOf } from './posting.js';
import { spendDecision } from './spends.js';
import { put } from './unit.js';
import type { SpendView } from './views.js';

/**
 * A pot's statement lines as the API shows them (DESIGN.md section 11b): the lines of every
 * imported statement with their descriptions and the family's explanations joined in, listed
 * newest first, and an unexplained debit explained into a spend.
 */

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
  for (const chunk of data.lines) {
    const chunks = byStatement.get(chunk.statementId);
    if (chunks) chunks.push(chunk);
    else byStatement.set(chunk.statementId, [chunk]);
  }
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
    if (first > last) lines.reverse();
    for (const l of lines) out.push(l);
  }
  return out;
}

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
