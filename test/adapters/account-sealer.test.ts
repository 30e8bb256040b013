// The two-level envelope for account numbers (docs/decisions/49): an organisation's data key sealed
// by the Encryption SDK and kept as a record, numbers sealed under it with AES-256-GCM and their
// context as AAD; numbers sealed in the one-message format before still open.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DataKeyDoc,
  dataKeyPrefix,
  legacyLocalAccountSealer,
  localAccountSealer,
} from '../../adapters/crypto/account-sealer.js';
import { MemoryStore } from '../../adapters/memory-store.js';
import type { LedgerStore } from '../../domain/ports.js';

const context = { purpose: 'account-number', owner: 'plan/P1/pot/SC' };
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'sealer-test-')), 'data', 'account-key');

function setUp() {
  const file = keyFile();
  const store = new MemoryStore();
  return { file, store, sealer: localAccountSealer(file, store) };
}

async function dataKeys(store: MemoryStore, org: string) {
  return (await store.listRecords<DataKeyDoc>({ org }, dataKeyPrefix, { limit: 100 })).items;
}

/** Flips one bit of the sealed body (the part after the key's name). */
function tamper(sealed: string, at: number): string {
  const cut = sealed.lastIndexOf(':') + 1;
  const body = Buffer.from(sealed.slice(cut), 'base64url');
  body[at] = (body[at] as number) ^ 0x01;
  return `${sealed.slice(0, cut)}${body.toString('base64url')}`;
}

describe('account sealer: two-level envelope', () => {
  it('seals under the organisation’s data key, named in the prefix, and opens with the same context', async () => {
    const { store, sealer } = setUp();
    const sealed = await sealer.seal('66374958', context, 'LA-001');
    expect(sealed).toMatch(/^ek1:LA-001:1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('66374958');
    expect(await sealer.open(sealed, context)).toBe('66374958');
    // Two seals of one number differ (random IV).
    expect(await sealer.seal('66374958', context, 'LA-001')).not.toBe(sealed);
    // The key is stored once, sealed: the record holds an SDK message, not 32 bytes in clear.
    const keys = await dataKeys(store, 'LA-001');
    expect(keys.map((k) => k.doc.keyVersion)).toEqual([1]);
    expect(Buffer.from(keys[0]?.doc.wrapped ?? '', 'base64').length).toBeGreaterThan(100);
    expect(JSON.stringify(store.dump())).not.toContain('66374958');
  });

  it('refuses to open with another context', async () => {
    const { sealer } = setUp();
    const sealed = await sealer.seal('66374958', context, 'LA-001');
    await expect(sealer.open(sealed, { ...context, owner: 'plan/P2/pot/SC' })).rejects.toThrow(
      /did not open/,
    );
    await expect(sealer.open(sealed, { purpose: 'account-number' })).rejects.toThrow(/did not open/);
    await expect(sealer.open(sealed, { ...context, extra: 'x' })).rejects.toThrow(/did not open/);
  });

  it('refuses a tampered ciphertext, tag, IV or key name', async () => {
    const { sealer } = setUp();
    await sealer.seal('1', context, 'LA-002');
    const sealed = await sealer.seal('66374958', context, 'LA-001');
    const bodyLength = Buffer.from(sealed.slice(sealed.lastIndexOf(':') + 1), 'base64url').length;
    for (const at of [0, 11, 12, bodyLength - 17, bodyLength - 1])
      await expect(sealer.open(tamper(sealed, at), context)).rejects.toThrow(/did not open/);
    // Moved onto another organisation's key, or another version: refused.
    await expect(sealer.open(sealed.replace('ek1:LA-001:', 'ek1:LA-002:'), context)).rejects.toThrow();
    await expect(sealer.open(sealed.replace('ek1:LA-001:1:', 'ek1:LA-001:2:'), context)).rejects.toThrow(
      /no data key/,
    );
    await expect(sealer.open('ek1:LA-001:1:AAAA', context)).rejects.toThrow(/malformed/);
  });

  it('opens a number sealed before the change (one SDK message, no prefix), and checks its context', async () => {
    const { file, sealer } = setUp();
    const old = await legacyLocalAccountSealer(file).seal('66374958', context);
    expect(old.startsWith('ek1:')).toBe(false);
    expect(await sealer.open(old, context)).toBe('66374958');
    await expect(sealer.open(old, { ...context, owner: 'plan/P2/pot/SC' })).rejects.toThrow(/wrong context/);
  });

  it('two first seals racing in two containers agree on one data key', async () => {
    const file = keyFile();
    const memory = new MemoryStore();
    // Both containers read "no key yet" before either writes one.
    let reads = 0;
    let release: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racing: Pick<LedgerStore, 'getRecord' | 'listRecords' | 'commit'> = {
      getRecord: (scope, name) => memory.getRecord(scope, name),
      commit: (unit) => memory.commit(unit),
      listRecords: async <T>(...args: Parameters<LedgerStore['listRecords']>) => {
        const found = await memory.listRecords<T>(...args);
        if (++reads === 2) release();
        await bothRead;
        return found;
      },
    };
    const a = localAccountSealer(file, racing);
    const b = localAccountSealer(file, racing);
    const [sa, sb] = await Promise.all([
      a.seal('11111111', context, 'LA-001'),
      b.seal('22222222', context, 'LA-001'),
    ]);
    expect(reads).toBe(2);
    expect((await dataKeys(memory, 'LA-001')).length).toBe(1);
    // A third container opens both: both were sealed under the stored key.
    const c = localAccountSealer(file, memory);
    expect(await c.open(sa, context)).toBe('11111111');
    expect(await c.open(sb, context)).toBe('22222222');
  });

  it('rotates: new seals use the new version, numbers sealed under the old one still open', async () => {
    const { file, store, sealer } = setUp();
    const v1 = await sealer.seal('66374958', context, 'LA-001');
    expect(await sealer.rotate('LA-001')).toBe(2);
    const v2 = await sealer.seal('88837491', context, 'LA-001');
    expect(v2).toMatch(/^ek1:LA-001:2:/);
    expect((await dataKeys(store, 'LA-001')).map((k) => k.doc.keyVersion)).toEqual([1, 2]);
    // Another local key cannot open the stored data keys.
    await expect(localAccountSealer(keyFile(), store).open(v1, context)).rejects.toThrow();
    const same = localAccountSealer(file, store);
    expect(await same.open(v1, context)).toBe('66374958');
    expect(await same.open(v2, context)).toBe('88837491');
    // A fresh container seals under the newest version.
    expect(await same.seal('1', context, 'LA-001')).toMatch(/^ek1:LA-001:2:/);
  });

  it('opens 2,000 numbers of one council with one SDK decrypt', async () => {
    const { file, store, sealer } = setUp();
    const sealed = await Promise.all(
      Array.from({ length: 2_000 }, (_, i) =>
        sealer.seal(String(10_000_000 + i), { ...context, owner: `plan/P${i}/pot/SC` }, 'LA-001'),
      ),
    );
    const opener = localAccountSealer(file, store);
    for (let i = 0; i < sealed.length; i++)
      expect(await opener.open(sealed[i] as string, { ...context, owner: `plan/P${i}/pot/SC` })).toBe(
        String(10_000_000 + i),
      );
    expect(opener.dataKeysOpened).toBe(1);
  });
});
