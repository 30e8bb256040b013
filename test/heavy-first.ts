import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first. Vitest orders files by the durations of the last
 * run, which a fresh clone (CI) does not have: it then ran the fault harness, a small file, last,
 * one worker busy with it for minutes after the other had finished. Long files left to the end
 * (the restore drill, 25 s) likewise kept one worker busy after the other ran out of files.
 */
const heaviest = [
  'test/reliability/faults.test.ts',
  'test/reliability/races.test.ts',
  'test/reliability/isolation.test.ts',
  'test/integration/api.test.ts',
  'test/reliability/durability.test.ts',
  'test/integration/scheduled.test.ts',
  'test/integration/statements.test.ts',
  'test/integration/edges.test.ts',
  'test/integration/reports.test.ts',
  'test/integration/receipts.test.ts',
  'test/integration/restore-drill.test.ts',
  'test/integration/contract.test.ts',
  'test/infra/pipeline.test.ts',
];

const rank = (file: TestSpecification) => {
  const at = heaviest.findIndex((path) => file.moduleId.endsWith(path));
  return at === -1 ? heaviest.length : at;
};

export default class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const order = new Map(sorted.map((file, index) => [file, index]));
    return [...sorted].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        rank(a) - rank(b) ||
        (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
  }
}
