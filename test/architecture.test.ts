// Keeps the layers of docs/architecture.md true: no file imports one that imports it back (directly
// or through others), and no layer imports one above it. Reads the repo's own .ts files as text,
// so it sees type-only and dynamic imports alike.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = normalize(join(dirname(new URL(import.meta.url).pathname), '..'));
const folders = [
  'domain',
  'adapters',
  'contract',
  'functions',
  'web',
  'infra',
  'local',
  'bench',
  'test',
] as const;
type Folder = (typeof folders)[number];

/**
 * What each layer may import besides itself. `domain/` nothing of ours; `adapters/` and `contract/`
 * only `domain/`; `functions/` those three; on top, `infra/`, `local/` and `bench/` anything below
 * (local/ also serves web/ beside the API; bench/ measures all of it, the bundles and the test
 * harness included); `web/` only `contract/`'s types (see typeOnly).
 */
const mayImport: Record<Exclude<Folder, 'test'>, readonly Folder[]> = {
  domain: [],
  adapters: ['domain'],
  contract: ['domain'],
  functions: ['domain', 'adapters', 'contract'],
  web: ['contract'],
  infra: ['domain', 'adapters', 'contract', 'functions'],
  local: ['domain', 'adapters', 'contract', 'functions', 'web'],
  bench: ['domain', 'adapters', 'contract', 'functions', 'web', 'infra', 'local', 'test'],
};
/** Layers that may take another only for its types: a type-only import costs the bundle nothing. */
const typeOnly: Partial<Record<Folder, readonly Folder[]>> = { web: ['contract'] };

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const statement =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(statement)].map((m) => {
    const spec = (m[3] ?? m[4]) as string;
    const to = normalize(join(dirname(file), spec.replace(/\.js$/, '.ts')));
    return { from: file, to, typeOnly: m[2] !== undefined };
  });
}

const files = folders.flatMap(tsFiles);
const known = new Set(files);
const graph = files.flatMap(importsOf).filter((i) => known.has(i.to));
const folderOf = (file: string) => file.split('/')[0] as Folder;

/** Every cycle of the import graph, each as the files around it (Tarjan's strongly connected components). */
function circles(edges: readonly Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!order.has(f)) visit(f);
  return found;
}

function upward(edges: readonly Import[]): string[] {
  return edges
    .filter((e) => {
      const from = folderOf(e.from);
      const to = folderOf(e.to);
      if (from === 'test' || from === to) return false;
      if (!mayImport[from].includes(to)) return true;
      return (typeOnly[from] ?? []).includes(to) && !e.typeOnly;
    })
    .map((e) => `${e.from} -> ${relative(root, join(root, e.to))}${e.typeOnly ? ' (type)' : ''}`);
}

describe('the import graph', () => {
  it('is read from the repo (the check is live)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(graph.some((e) => e.from === 'functions/router.ts' && e.to === 'contract/routes.ts')).toBe(true);
    expect(
      circles([...graph, { from: 'domain/money.ts', to: 'functions/router.ts', typeOnly: true }]),
    ).not.toEqual([]);
    expect(upward([{ from: 'web/app.ts', to: 'contract/routes.ts', typeOnly: false }])).toEqual([
      'web/app.ts -> contract/routes.ts',
    ]);
  });

  it('has no circles, type-only imports included', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one, and web/ takes only contract/ types', () => {
    expect(upward(graph)).toEqual([]);
  });
});
