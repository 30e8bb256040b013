import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { entryPathOf, esbuildBase, type LambdaEntry, lambdaEntries, sdkBundling } from '../infra/bundling.js';
import { median } from './figures.js';

/**
 * Every Lambda's bundle as the CDK builds it (infra/bundling.ts: esbuild, minified, CJS for Node 24,
 * the AWS SDK the runtime's or bundled), its size, and its import time in a fresh Node process
 * beside the bare DynamoDB client's: the cold start's share that the code decides. Each figure is
 * a median over rounds that import every bundle and the bare client once each.
 */

/** One import of `target` in a fresh Node process, timed inside it (the spawn itself is not). */
function importMs(target: string): number {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const t=process.hrtime.bigint();require(${JSON.stringify(target)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
    ],
    { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  return Number.parseFloat(r.stdout.trim());
}

export async function bundleFigures(rounds = 21): Promise<{
  bareMs: number;
  bundles: Array<{ name: LambdaEntry; bytes: number; importMs: number; ratio: number }>;
}> {
  // Inside the project, so a bundle finds the AWS SDK as Lambda's runtime provides it.
  const outDir = join(process.cwd(), 'node_modules', '.cache', 'ehcp-bench');
  const bareClient = createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb');
  const built = [];
  for (const name of lambdaEntries) {
    const outfile = join(outDir, `${name}.js`);
    await build({
      entryPoints: [entryPathOf(name)],
      ...esbuildBase,
      ...sdkBundling(name),
      outfile,
      logLevel: 'silent',
    });
    built.push({ name, outfile, bytes: statSync(outfile).size });
  }
  // Each round imports the bare client and every bundle once, in an order that turns by one each
  // round; a bundle's ratio is the median of its ratios to the bare client in the same round, so a
  // machine that slows for a while slows both sides of each ratio.
  const targets = [{ name: 'bare', outfile: bareClient }, ...built];
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(round + k) % targets.length] as (typeof targets)[number];
      times.get(t.name)?.push(importMs(t.outfile));
    }
  }
  const bare = times.get('bare') ?? [];
  const ratios = (name: string) => (times.get(name) ?? []).map((ms, round) => ms / (bare[round] ?? ms));
  return {
    bareMs: median(bare),
    bundles: built.map((b) => ({
      name: b.name,
      bytes: b.bytes,
      importMs: median(times.get(b.name) ?? []),
      ratio: median(ratios(b.name)),
    })),
  };
}
