import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildBase, type LambdaEntry, lambdaEntries, sdkBundling } from '../infra/bundling.js';
import { median } from './figures.js';

/**
 * Every Lambda's bundle as the CDK builds it (infra/bundling.ts: esbuild, minified, CJS for Node 24,
 * the AWS SDK the runtime's or bundled), its size, and its import time in a fresh Node process
 * beside the bare DynamoDB client's: the cold start's share that the code decides. Each import time
 * is the median of three runs of seven imports, the bare client's measured between them.
 */

function importMs(target: string, times = 7): number {
  const runs = Array.from({ length: times }, () => {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const t=process.hrtime.bigint();require(${JSON.stringify(target)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
      ],
      { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    return Number.parseFloat(r.stdout.trim());
  });
  return median(runs);
}

export async function bundleFigures(): Promise<{
  bareMs: number;
  bundles: Array<{ name: LambdaEntry; bytes: number; importMs: number }>;
}> {
  // Inside the project, so a bundle finds the AWS SDK as Lambda's runtime provides it.
  const outDir = join(process.cwd(), 'node_modules', '.cache', 'ehcp-bench');
  const bareClient = createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb');
  const built = [];
  for (const name of lambdaEntries) {
    const outfile = join(outDir, `${name}.js`);
    await build({
      entryPoints: [`functions/${name}.ts`],
      ...esbuildBase,
      ...sdkBundling(name),
      outfile,
      logLevel: 'silent',
    });
    built.push({ name, outfile, bytes: statSync(outfile).size });
  }
  const bare: number[] = [];
  const imports = new Map<string, number[]>();
  for (let run = 0; run < 3; run++) {
    bare.push(importMs(bareClient));
    for (const b of built) imports.set(b.name, [...(imports.get(b.name) ?? []), importMs(b.outfile)]);
  }
  return {
    bareMs: median(bare),
    bundles: built.map((b) => ({
      name: b.name,
      bytes: b.bytes,
      importMs: median(imports.get(b.name) ?? []),
    })),
  };
}
