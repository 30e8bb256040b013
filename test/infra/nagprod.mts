import { Annotations } from 'aws-cdk-lib/assertions';
import { build, prodValues } from '/work/wt/i28/test/infra/synth.ts';
for (const values of [undefined, prodValues]) {
  const { app } = build({ nag: true, ...(values ? { values } : {}) });
  try { app.synth(); console.log('ok', values ? 'prod' : 'dev'); } catch (e) { console.log(String((e as Error).message).slice(0, 4000)); }
}
