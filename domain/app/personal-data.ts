import { can } from '../access.js';
import { dateOf, type IsoDate } from '../dates.js';
import type { MemberRelation, Plan, Pot } from '../model.js';
import { erase, erasedValue, isErased, type PersonalData } from '../personal-data.js';
import type { UnitOfWork, Write } from '../ports.js';
import { shardCount } from '../shards.js';
import type { PotStatements, StatementTexts } from '../statements/records.js';
import { eventWrite } from './agreements.js';
import { actorRef, councilPolicy, type Deps, forbidden, type RequestContext, runCommand } from './context.js';
import { type AccountView, payeeAccountErasures, payeeView } from './payment-accounts.js';
import { readablePlan } from './queries.js';
import { disposeReceipts } from './receipts.js';
import { changePot, commitUnit, put } from './unit.js';

/**
 * Personal data over its life (DESIGN.md section 11d): a subject access export of everything held
 * about a plan's child and family, and the disposal of a plan's personal data once the council's
 * `retentionYears` have passed after its last pot ended. Disposal erases, it never deletes a
 * money record: every figure, report and the hledger export read the same before and after.
 */

/** The name under which a plan's disposal is claimed once. */
export const disposedClaim = 'DISPOSED';

/** Writes in one unit of an erasure, below the store's 100 (a plan may hold many records). */
const erasureUnitMax = 90;

/** The day a plan's personal data is due for disposal: `years` after its last pot ends. */
export function retentionEnds(pots: readonly Pot[], years: number): IsoDate | undefined {
  const ends = pots.map((p) => p.ceased?.date ?? p.period.end).sort();
  const last = ends.at(-1);
  if (last === undefined) return undefined;
  const [y, m, d] = last.split('-');
  // 29 February falls on 28 February in a year that has none.
  const year = String(Number(y) + years).padStart(4, '0');
  const day = m === '02' && d === '29' && !isLeap(Number(year)) ? '28' : d;
  return `${year}-${m}-${day}`;
}
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export interface DisposalCounts {
  plansDisposed: number;
  /** Records whose personal fields were erased, and the fields. */
  records: number;
  fields: number;
  receiptsDeleted: number;
}

/**
 * `POST /v1/councils/{councilId}/disposals` and the daily job: disposes of every plan of the
 * council past retention, shard by shard. A plan is disposed of once (a claim), its erasure
 * written in units of its own first, so a run cut short is finished by the next one.
 */
export async function disposeCouncil(
  deps: Deps,
  ctx: RequestContext,
  councilId: string,
): Promise<{ result: { plansDisposed: number }; replayed: boolean }> {
  if (!can(ctx.actor, 'personal-data:dispose', { kind: 'council', councilId }))
    throw forbidden(`dispose of council ${councilId}'s personal data`);
  return runCommand(
    deps,
    ctx,
    async () => {
      const counts = await disposeDue(deps, ctx, councilId);
      return { unit: { writes: [] }, result: { plansDisposed: counts.plansDisposed } };
    },
    { accessCheckedBefore: true },
  );
}

/** The disposal itself, without an Idempotency-Key (the daily job runs it; it is idempotent). */
export async function disposeDue(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  councilId: string,
): Promise<DisposalCounts> {
  const { retentionYears } = await councilPolicy(deps, councilId);
  const today = dateOf(deps.clock.now());
  const counts: DisposalCounts = { plansDisposed: 0, records: 0, fields: 0, receiptsDeleted: 0 };
  // Page through the council's plans one write shard at a time, so memory stays bounded. The
  // shard's pots, read at once, tell which plans are due: the daily job reads nothing per plan
  // that is not, and a due plan's claim once.
  for (let shard = 0; shard < shardCount; shard++) {
    const [plans, shardPots] = await Promise.all([
      deps.store.listCouncilPlans(councilId, shard),
      deps.store.listCouncilPots(councilId, shard),
    ]);
    const potsOf = new Map<string, Pot[]>();
    for (const pot of shardPots) potsOf.set(pot.planId, [...(potsOf.get(pot.planId) ?? []), pot]);
    for (const plan of plans) {
      const pots = potsOf.get(plan.planId) ?? [];
      const due = retentionEnds(pots, retentionYears);
      if (due === undefined || due > today) continue;
      if (await deps.store.hasClaim(plan.planId, disposedClaim)) continue;
      const done = await disposePlan(deps, ctx, plan, pots);
      counts.plansDisposed++;
      counts.records += done.records;
      counts.fields += done.fields;
      counts.receiptsDeleted += done.receiptsDeleted;
    }
  }
  return counts;
}

async function disposePlan(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor' | 'requestId'>,
  plan: Plan,
  pots: readonly Pot[],
): Promise<Omit<DisposalCounts, 'plansDisposed'>> {
  const at = deps.clock.now().toISOString();
  const held = await deps.store.listPersonalData(plan.planId);
  const erasures: Write[] = held
    .filter((d) => !isErased(d))
    .map((d) => ({ kind: 'set_personal', data: erase(d, at) }));
  // Names kept inside the plan and its pots (members, agreement holders) are erased in place.
  erasures.push(...inPlace(plan, pots));
  // Money out and in (section 11b): payee accounts (holder, account number) and statement
  // descriptions, kept in records of their own beside the plan.
  erasures.push(...(await payeeAccountErasures(deps, plan.planId)));
  const texts = await statementTexts(deps, plan.planId, pots);
  erasures.push(
    ...texts
      .filter((t) => t.descriptions.some((d) => d !== erasedValue))
      .map(
        (t): Write => ({
          kind: 'erase_texts',
          texts: { ...t, descriptions: t.descriptions.map(() => erasedValue) },
        }),
      ),
  );
  for (let i = 0; i < erasures.length; i += erasureUnitMax) {
    await commitOrThrow(deps, { writes: erasures.slice(i, i + erasureUnitMax) });
  }
  // Receipts' files are deleted and their records' keys erased (domain/app/receipts.ts).
  const receiptsDeleted = await disposeReceipts(deps, plan.planId);
  const records = held.length;
  const fields = held.reduce((n, d) => n + Object.keys(d.fields).length, 0);
  // The disposal is an event with counts and no names; the claim makes it once.
  await commitOrThrow(deps, {
    writes: [
      put({ type: 'claim', scope: { planId: plan.planId }, name: disposedClaim }),
      eventWrite(deps, actorRef(ctx.actor), plan.planId, 'disposed', {
        details: { records, fields, receiptsDeleted },
      }),
    ],
  });
  return { records, fields, receiptsDeleted };
}

/** The plan's members' names and its agreements' holders, erased where they are kept. */
function inPlace(plan: Plan, pots: readonly Pot[]): Write[] {
  const writes: Write[] = [];
  const childNamed = plan.child.name !== undefined && plan.child.name !== erasedValue;
  if (childNamed || plan.members?.some((m) => m.name !== erasedValue)) {
    writes.push({
      kind: 'replace_if_version',
      record: {
        type: 'plan',
        plan: {
          ...plan,
          // The child's name (the web app's, section 11c) and the members' names.
          child: childNamed ? { ...plan.child, name: erasedValue } : plan.child,
          ...(plan.members ? { members: plan.members.map((m) => ({ ...m, name: erasedValue })) } : {}),
          version: (plan.version ?? 1) + 1,
        },
      },
      expectedVersion: plan.version ?? 1,
    });
  }
  for (const pot of pots) {
    const a = pot.agreement;
    const agreement =
      a && a.holder.name !== erasedValue
        ? JSON.stringify({
            ...a,
            holder: { ...a.holder, name: erasedValue },
            accountReference: erasedValue,
            ...(a.conditions === undefined ? {} : { conditions: erasedValue }),
          })
        : undefined;
    const reason = pot.suspensionReason !== undefined && pot.suspensionReason !== erasedValue;
    if (agreement === undefined && !reason) continue;
    writes.push(
      changePot({
        planId: pot.planId,
        potId: pot.potId,
        deltas: {},
        ...(reason ? { set: { suspensionReason: erasedValue } } : {}),
        ...(agreement === undefined ? {} : { setAgreement: agreement }),
      }),
    );
  }
  return writes;
}

/** A plan's statement descriptions, every pot's, chunk by chunk. */
async function statementTexts(deps: Deps, planId: string, pots: readonly Pot[]): Promise<StatementTexts[]> {
  const out: StatementTexts[] = [];
  for (const pot of pots) out.push(...(await deps.store.getPotStatements(planId, pot.potId)).texts);
  return out;
}

async function commitOrThrow(deps: Deps, unit: UnitOfWork): Promise<void> {
  const outcome = await commitUnit(deps, unit, { attempt: 1, startedAt: deps.clock.now().getTime() });
  if (!outcome.ok) throw outcome.error;
}

/** What a subject access request answers: everything held about the child and family. */
export interface SubjectAccessExport {
  planId: string;
  councilId: string;
  exportedAt: string;
  child: Plan['child'];
  members: Array<{ sub: string; name: string; relation: MemberRelation; addedAt: string }>;
  agreements: Array<{
    potId: string;
    holder: { kind: string; name: string };
    signedOn: IsoDate;
    accountReference: string;
    conditions?: string | undefined;
  }>;
  /** The personal data of each record (payees, notes, reasons, memos), by kind of record. */
  records: Array<{
    recordKind: string;
    recordId: string;
    fields: Record<string, unknown>;
    erasedAt?: string;
  }>;
  /**
   * The accounts the plan's pots are paid into (section 11b): the holder's name, the sort code and
   * the account number masked (`****5678`, never in clear), or a card.
   */
  payeeAccounts: Array<{
    potId: string;
    bankAccount?: AccountView | undefined;
    card?: { programme: string; cardAccountId: string } | undefined;
  }>;
  /** Every imported statement line's description (the bank's text about a payment), by pot. */
  statementLines: Array<{
    potId: string;
    statementId: string;
    lineId: string;
    date: IsoDate;
    amount: string;
    description: string;
  }>;
  /** The receipts kept (files themselves are fetched through the receipt's own link). */
  receipts: Array<{
    receiptId: string;
    spendId: string;
    contentType: string;
    status: string;
    createdAt: string;
    erasedAt?: string;
  }>;
  /** When the plan's personal data was disposed of, if it was. */
  disposed: boolean;
}

/** `GET /v1/plans/{planId}/personal-data`: the plan's council officer only. */
export async function exportPersonalData(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
): Promise<SubjectAccessExport> {
  const { plan, pots } = await readablePlan(deps, ctx.actor, planId, 'personal-data:read');
  const [held, disposed, receipts, payees, statements] = await Promise.all([
    deps.store.listPersonalData(planId),
    deps.store.hasClaim(planId, disposedClaim),
    deps.store.listReceipts(planId),
    Promise.all(pots.map(async (p) => ({ potId: p.potId, view: await payeeView(deps, planId, p.potId) }))),
    Promise.all(pots.map((p) => deps.store.getPotStatements(planId, p.potId))),
  ]);
  return {
    planId,
    councilId: plan.councilId,
    exportedAt: deps.clock.now().toISOString(),
    child: plan.child,
    members: (plan.members ?? []).map((m) => ({
      sub: m.sub,
      name: m.name,
      relation: m.relation,
      addedAt: m.addedAt,
    })),
    agreements: pots.flatMap((p) =>
      p.agreement
        ? [
            {
              potId: p.potId,
              holder: { kind: p.agreement.holder.kind, name: p.agreement.holder.name },
              signedOn: p.agreement.signedOn,
              accountReference: p.agreement.accountReference,
              ...(p.agreement.conditions === undefined ? {} : { conditions: p.agreement.conditions }),
            },
          ]
        : [],
    ),
    // Stored answers repeat what the records hold: the records are what is held about the family.
    records: held
      .filter((d: PersonalData) => d.recordKind !== 'idempotency')
      .map((d) => ({
        recordKind: d.recordKind,
        recordId: d.recordId,
        fields: d.fields,
        ...(d.erasedAt === undefined ? {} : { erasedAt: d.erasedAt }),
      })),
    payeeAccounts: payees.flatMap(({ potId, view }) => (view ? [{ potId, ...view }] : [])),
    statementLines: statements.flatMap(linesWithText),
    receipts: receipts.map((r) => ({
      receiptId: r.receiptId,
      spendId: r.spendId,
      contentType: r.contentType,
      status: r.status,
      createdAt: r.createdAt,
      ...(r.erasedAt === undefined ? {} : { erasedAt: r.erasedAt }),
    })),
    disposed,
  };
}

/** A pot's statement lines with their descriptions (each chunk's texts are in its lines' order). */
function linesWithText(found: PotStatements): SubjectAccessExport['statementLines'] {
  const texts = new Map(found.texts.map((t) => [`${t.statementId}#${t.chunk}`, t.descriptions]));
  return found.lines.flatMap((chunk) => {
    const descriptions = texts.get(`${chunk.statementId}#${chunk.chunk}`) ?? [];
    return chunk.lines.map((l, i) => ({
      potId: chunk.potId,
      statementId: chunk.statementId,
      lineId: l.lineId,
      date: l.date,
      amount: l.amount,
      description: descriptions[i] ?? '',
    }));
  });
}
