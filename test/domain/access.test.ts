// Proves the access rules of DESIGN.md section 1: each role sees and changes only what it covers.
import { describe, expect, it } from 'vitest';
import { type Action, can, canSeePlan, visiblePots } from '../../domain/access.js';
import type { Actor, Pot } from '../../domain/model.js';
import { actors, BROKER, COUNCIL, ICB } from '../support/section8.js';

const plan = { planId: 'P1', councilId: COUNCIL };
const pot = (potId: string, over: Partial<Pot>): Pot =>
  ({ potId, stream: 'social_care', funderId: COUNCIL, mode: 'direct_payment', ...over }) as Pot;
const pots = [
  pot('EDU', { stream: 'education', mode: 'notional' }),
  pot('SC', {}),
  pot('HL', { stream: 'health', funderId: ICB, mode: 'third_party', holderId: BROKER }),
];
const byId = (id: string) => pots.find((p) => p.potId === id) as Pot;
const family = actors.family('P1');
const stranger: Actor = actors.family('P2');

describe('who sees a plan and which pots', () => {
  it.each([
    ['family of the plan', family, ['EDU', 'SC', 'HL']],
    ['council officer of the council', actors.officer, ['EDU', 'SC', 'HL']],
    ['health officer of the ICB', actors.health, ['HL']],
    ['broker holding the health pot', actors.broker, ['HL']],
    ['auditor of the council', actors.auditor, ['EDU', 'SC', 'HL']],
    ['another family', stranger, []],
    ['officer of another council', actors.otherOfficer, []],
    ['officer of another ICB', actors.otherHealth, []],
    ['another broker', actors.otherBroker, []],
  ] as const)('%s sees %j', (_who, actor, expected) => {
    expect(visiblePots(actor, plan, pots).map((p) => p.potId)).toEqual(expected);
    expect(canSeePlan(actor, plan, pots)).toBe(expected.length > 0);
  });
});

describe('who may act on a pot', () => {
  const cases: Array<[Action, string, Actor, boolean]> = [
    ['spend:create', 'SC', family, true],
    ['spend:create', 'EDU', family, false],
    ['spend:create', 'HL', family, false],
    ['spend:create', 'SC', stranger, false],
    ['spend:create', 'HL', actors.broker, true],
    ['spend:create', 'HL', actors.otherBroker, false],
    ['spend:create', 'SC', actors.broker, false],
    ['spend:create', 'EDU', actors.officer, true],
    ['spend:create', 'HL', actors.officer, false],
    ['spend:create', 'HL', actors.health, true],
    ['spend:approve', 'SC', actors.officer, true],
    ['spend:approve', 'SC', actors.otherOfficer, false],
    ['spend:approve', 'SC', family, false],
    ['spend:approve', 'HL', actors.officer, false],
    ['spend:approve', 'HL', actors.health, true],
    ['spend:approve', 'HL', actors.otherHealth, false],
    ['spend:pay', 'SC', family, true],
    ['spend:pay', 'HL', actors.broker, true],
    ['spend:pay', 'HL', family, false],
    ['spend:void', 'SC', actors.officer, true],
    ['spend:void', 'SC', actors.auditor, false],
    ['entry:reverse', 'SC', actors.officer, true],
    ['entry:reverse', 'SC', family, false],
    ['entry:reverse', 'HL', actors.health, true],
    ['pot:recover', 'SC', actors.officer, true],
    ['pot:recover', 'SC', actors.auditor, false],
    ['pot:adjust', 'HL', actors.officer, false],
    ['pot:suspend', 'HL', actors.health, true],
  ];
  it.each(cases)('%s on %s by %o → %s', (action, potId, actor, allowed) => {
    expect(can(actor, action, { kind: 'pot', plan, pot: byId(potId) })).toBe(allowed);
  });
});

describe('organisation-wide actions', () => {
  it('lets only the council officer create plans and run instalments for their council', () => {
    expect(can(actors.officer, 'plan:create', { kind: 'council', councilId: COUNCIL })).toBe(true);
    expect(can(actors.otherOfficer, 'plan:create', { kind: 'council', councilId: COUNCIL })).toBe(false);
    expect(can(actors.health, 'instalments:run', { kind: 'council', councilId: COUNCIL })).toBe(false);
    expect(can(actors.scheduler, 'instalments:run', { kind: 'council', councilId: COUNCIL })).toBe(true);
    expect(can(actors.scheduler, 'plan:create', { kind: 'council', councilId: COUNCIL })).toBe(false);
  });

  it('gives council reports to the council officer and auditor only', () => {
    for (const [actor, allowed] of [
      [actors.officer, true],
      [actors.auditor, true],
      [actors.otherOfficer, false],
      [actors.health, false],
      [family, false],
    ] as const) {
      expect(can(actor, 'council:report', { kind: 'council', councilId: COUNCIL })).toBe(allowed);
    }
  });

  it('gives the funder report to its own ICB and the broker report to its own broker', () => {
    expect(can(actors.health, 'funder:report', { kind: 'funder', funderId: ICB })).toBe(true);
    expect(can(actors.otherHealth, 'funder:report', { kind: 'funder', funderId: ICB })).toBe(false);
    expect(can(actors.broker, 'broker:report', { kind: 'broker', brokerId: BROKER })).toBe(true);
    expect(can(actors.otherBroker, 'broker:report', { kind: 'broker', brokerId: BROKER })).toBe(false);
  });

  it('keeps the audit trail from families and brokers', () => {
    const r = { kind: 'plan', plan, pots } as const;
    expect(can(family, 'audit:read', r)).toBe(false);
    expect(can(actors.broker, 'audit:read', r)).toBe(false);
    expect(can(actors.officer, 'audit:read', r)).toBe(true);
    expect(can(actors.auditor, 'audit:read', r)).toBe(true);
    expect(can(family, 'statement:read', r)).toBe(true);
  });
});
