import { can, readableRecords } from '../access.js';
import type { IsoDate } from '../dates.js';
import { DomainError } from '../errors.js';
import { requireHappened } from '../happened.js';
import { checkHolder } from '../holding.js';
import type { ActorRef, Agreement, EventKind, HolderKind, PlanEvent } from '../model.js';
import type { BankAccountInput } from '../payments/bank-details.js';
import type { Page, PageRequest, Write } from '../ports.js';
import { ageOn, closeWork, openWork, reviewDue } from '../work.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  type RequestContext,
  runCommand,
} from './context.js';
import { type AccountView, accountView, checkPayTo, payeeAccountWrites } from './payment-accounts.js';
import { loadPlan, potOf, today } from './posting.js';
import { checkPage, readablePlan } from './queries.js';
import { changePot, put, setWork } from './unit.js';

/** Direct-payment agreements (DESIGN.md section 9a) and the plan's record of non-monetary events. */

export interface AgreementInput {
  holder: { kind: HolderKind; name: string; sub?: string | undefined };
  signedOn: IsoDate;
  accountReference: string;
  conditions?: string | undefined;
  /** Where the direct payment is paid (DESIGN.md 11b): a bank account or a card, or neither. */
  bankAccount?: BankAccountInput | undefined;
  card?: { programme: string; cardAccountId: string } | undefined;
}

/** The agreement as answered: its account masked (`****5678`), never in clear. */
export type AgreementView = Agreement & {
  planId: string;
  potId: string;
  bankAccount?: AccountView;
  card?: { programme: string; cardAccountId: string };
};

/** An event of the plan, as one write of the unit that makes it happen. */
export function eventWrite(
  deps: Deps,
  actor: ActorRef,
  planId: string,
  kind: EventKind,
  fields: { potId?: string; reason?: string | undefined; details?: Record<string, unknown> } = {},
): Write {
  const event: PlanEvent = {
    planId,
    eventId: deps.ids.next(),
    kind,
    actor,
    recordedAt: deps.clock.now().toISOString(),
    ...(fields.potId === undefined ? {} : { potId: fields.potId }),
    ...(fields.reason === undefined ? {} : { reason: fields.reason }),
    ...(fields.details === undefined ? {} : { details: fields.details }),
  };
  return put({ type: 'event', event });
}

/**
 * Records a signed agreement on a direct-payment pot; a later one supersedes it (a change of
 * holder). Its version is claimed once, so two officers recording at once get versions 2 and 3.
 */
export async function recordAgreement(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  potId: string,
  input: AgreementInput,
): Promise<CommandOutcome<AgreementView>> {
  // An agreement dated ahead of today would release money now (section 11a).
  requireHappened({ signedOn: input.signedOn }, today(deps));
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const pot = potOf(loaded, potId);
    if (!can(ctx.actor, 'pot:agree', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('record agreements for this pot');
    if (pot.mode !== 'direct_payment') {
      throw new DomainError(
        'NOT_A_DIRECT_PAYMENT',
        `pot ${potId} is ${pot.mode.replace('_', ' ')}; only direct payments take agreements`,
      );
    }
    const dob = loaded.plan.child.dateOfBirth;
    checkHolder(input.holder, pot.stream, dob, input.signedOn);
    const now = deps.clock.now();
    const work: Write[] = [];
    const missing = await deps.store.getWork(planId, 'agreement_missing', potId);
    if (missing?.open) work.push(setWork(closeWork(missing, now)));
    // An adult's direct payment is reviewed 6 months after its first agreement after 18 (9b).
    if (
      ageOn(dob, input.signedOn) >= 18 &&
      !(await deps.store.getWork(planId, 'adult_direct_payment_review', potId))
    )
      work.push(
        setWork(
          openWork(
            'adult_direct_payment_review',
            { plan: loaded.plan, pot },
            reviewDue.adultFirst(input.signedOn),
            now,
          ),
        ),
      );
    const version = (pot.agreement?.version ?? 0) + 1;
    if (input.bankAccount && input.card)
      throw new DomainError('BANK_DETAILS_INVALID', 'give bankAccount or card, not both', [
        { path: 'card', message: 'give bankAccount or card, not both' },
      ]);
    // Checked (422 BANK_DETAILS_INVALID naming the field) and sealed before anything is written;
    // kept in an item of its own with the plan, never on the journal or the pot.
    const payTo = await checkPayTo(
      deps,
      planId,
      potId,
      input.bankAccount ? { bankAccount: input.bankAccount } : input.card ? { card: input.card } : {},
      loaded.plan.councilId,
    );
    const accountWrites = await payeeAccountWrites(deps, planId, potId, version, payTo);
    const agreement: Agreement = {
      agreementId: deps.ids.next(),
      version,
      holder: {
        kind: input.holder.kind,
        name: input.holder.name,
        ...(input.holder.sub ? { sub: input.holder.sub } : {}),
      },
      signedOn: input.signedOn,
      accountReference: input.accountReference,
      ...(input.conditions === undefined ? {} : { conditions: input.conditions }),
      recordedAt: deps.clock.now().toISOString(),
      recordedBy: actorRef(ctx.actor),
    };
    return {
      unit: {
        writes: [
          put({ type: 'claim', scope: { planId }, name: `AGREEMENT#${potId}#${version}` }),
          ...work,
          ...accountWrites,
          changePot({ planId, potId, deltas: {}, setAgreement: JSON.stringify(agreement) }),
          eventWrite(deps, actorRef(ctx.actor), planId, 'agreement', {
            potId,
            details: {
              agreementId: agreement.agreementId,
              version,
              holderKind: agreement.holder.kind,
              signedOn: agreement.signedOn,
            },
          }),
        ],
      },
      result: {
        ...agreement,
        planId,
        potId,
        ...(payTo.bank ? { bankAccount: accountView(payTo.bank) } : {}),
        ...(payTo.card ? { card: payTo.card } : {}),
      },
    };
  });
}

export async function listEvents(
  deps: Deps,
  actor: RequestContext['actor'],
  planId: string,
  page: PageRequest,
): Promise<Page<PlanEvent>> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  if (!can(actor, 'events:read', { kind: 'plan', plan, pots })) throw forbidden("read this plan's events");
  const found = await deps.store.listEvents(planId, checkPage(page));
  return { ...found, items: readableRecords(actor, plan, pots, found.items) };
}
