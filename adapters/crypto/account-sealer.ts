import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AccountSealer } from '../../domain/payments/sealer.js';
import { CommitRejectedError, type LedgerStore, type StoredRecord } from '../../domain/ports.js';

/**
 * Account numbers sealed in two levels (the shape of AWS's hierarchical keyring):
 *
 * 1. Each organisation (a council or ICB for its plans' payees and its paying account, a broker
 *    for its client account) has a data-encryption key (DEK): 32 random bytes from node:crypto,
 *    stored only sealed by the AWS Encryption SDK (a KMS keyring in AWS, a raw AES keyring from a
 *    key file under DATA_DIR locally) in a record of the organisation (`DEK#<version>`), created on
 *    first seal with put-if-absent, so two first seals racing agree on one key.
 * 2. An account number is sealed under its organisation's DEK with AES-256-GCM (node:crypto): a
 *    random 96-bit IV, the encryption context bound as additional authenticated data, and a prefix
 *    `ek1:<org>:<version>:` naming the key, so keys can rotate and older versions still open.
 *
 * Opening a run's numbers costs one Encryption SDK decrypt per organisation's DEK (cached in the
 * container) and microseconds per number; sealing one message per number with the SDK cost ~2.3 ms
 * a number (BENCHMARKS.md section 7). Numbers sealed before the change (one SDK message each, base64,
 * no prefix) still open through the SDK. The SDK is loaded on first use, so functions that never
 * touch an account do not pay for it at cold start.
 */

type Keyring = import('@aws-crypto/client-node').KeyringNode;

async function sdk() {
  const m = await import('@aws-crypto/client-node');
  const client = m.buildClient(m.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  return { m, client };
}

/** The local key: 32 random bytes in a file only its owner reads, made on first use. */
export function localAccountKey(file: string): Uint8Array {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file);
  if (key.length !== 32) throw new Error(`${file} is not a 32-byte AES key`);
  return new Uint8Array(key);
}

type Sdk = Awaited<ReturnType<typeof sdk>>;
type Materials = import('@aws-crypto/client-node').NodeMaterialsManager;

/** Data keys are reused for a few minutes and messages, so a file of 20,000 payments asks KMS a few times, not 20,000. */
export const dataKeyReuse = { maxAgeMs: 5 * 60_000, messagesMax: 1_000, cacheEntries: 1_000 };

/**
 * The format before the two-level envelope: one Encryption SDK message per account number. Kept
 * to open numbers sealed then (and, in tests, to make one).
 */
class EncryptionSdkSealer {
  private ready: Promise<{ materials: Materials; client: Sdk['client']; suiteId: number }> | undefined;
  constructor(private readonly makeKeyring: (m: Sdk['m']) => Keyring) {}

  private load() {
    this.ready ??= sdk().then(({ m, client }) => ({
      materials: new m.NodeCachingMaterialsManager({
        backingMaterials: this.makeKeyring(m),
        cache: m.getLocalCryptographicMaterialsCache(dataKeyReuse.cacheEntries),
        maxAge: dataKeyReuse.maxAgeMs,
        maxMessagesEncrypted: dataKeyReuse.messagesMax,
        partition: 'account-numbers',
      }),
      client,
      // Key commitment without a per-message signature: only the ledger writes these messages.
      suiteId: m.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    }));
    return this.ready;
  }

  async seal(accountNumber: string, context: Readonly<Record<string, string>>): Promise<string> {
    const { materials, client, suiteId } = await this.load();
    const { result } = await client.encrypt(materials, accountNumber, {
      encryptionContext: { ...context },
      suiteId,
    });
    return Buffer.from(result).toString('base64');
  }

  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    const { materials, client } = await this.load();
    const { plaintext, messageHeader } = await client.decrypt(materials, Buffer.from(sealed, 'base64'));
    for (const [k, v] of Object.entries(context)) {
      if (messageHeader.encryptionContext[k] !== v)
        throw new Error(`a sealed account number was opened with the wrong context (${k})`);
    }
    return Buffer.from(plaintext).toString('utf8');
  }
}

/** A DEK as stored: sealed by the Encryption SDK, never in clear. */
export interface DataKeyDoc {
  org: string;
  keyVersion: number;
  /** The SDK message (base64) holding the 32-byte key; its context names the org and version. */
  wrapped: string;
  createdAt: string;
}

/** Where DEKs are kept: the organisation's records in the ledger's table. */
export interface DataKeyRecords {
  /** The newest version of an organisation's DEK, if it has one. */
  current(org: string): Promise<DataKeyDoc | undefined>;
  get(org: string, keyVersion: number): Promise<DataKeyDoc | undefined>;
  /** Creates a version if it is absent; false if another writer created it first. */
  create(doc: DataKeyDoc): Promise<boolean>;
}

export const dataKeyPrefix = 'DEK#';
const dataKeyName = (keyVersion: number) => `${dataKeyPrefix}${String(keyVersion).padStart(6, '0')}`;

/** DEK records over the store's generic records: `{ org }` scope, `DEK#000001`, put-if-absent. */
export function storeDataKeys(
  store: Pick<LedgerStore, 'getRecord' | 'listRecords' | 'commit'>,
): DataKeyRecords {
  return {
    async current(org) {
      let newest: DataKeyDoc | undefined;
      let cursor: string | undefined;
      do {
        const page = await store.listRecords<DataKeyDoc>({ org }, dataKeyPrefix, { limit: 100, cursor });
        for (const r of page.items) if (!newest || r.doc.keyVersion > newest.keyVersion) newest = r.doc;
        cursor = page.next ?? undefined;
      } while (cursor);
      return newest;
    },
    async get(org, keyVersion) {
      return (await store.getRecord<DataKeyDoc>({ org }, dataKeyName(keyVersion)))?.doc;
    },
    async create(doc) {
      const record: StoredRecord = {
        scope: { org: doc.org },
        name: dataKeyName(doc.keyVersion),
        kind: 'account_data_key',
        version: 1,
        doc,
      };
      try {
        await store.commit({ writes: [{ kind: 'put_if_absent', record: { type: 'record', record } }] });
        return true;
      } catch (error) {
        if (
          error instanceof CommitRejectedError &&
          error.rejection.kind === 'refused' &&
          error.rejection.reason === 'exists'
        )
          return false;
        throw error;
      }
    },
  };
}

/** The prefix of a number sealed under a DEK; anything else is the one-message SDK format. */
export const envelopeFormat = 'ek1';
/** How long a container keeps using the DEK version it read as current before looking again (rotation). */
export const currentKeyMaxAgeMs = 5 * 60_000;

/** The additional authenticated data: the format, the key's name and the context, canonically. */
function aad(org: string, keyVersion: number, context: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify([envelopeFormat, org, keyVersion, entries]), 'utf8');
}

export class EnvelopeAccountSealer implements AccountSealer {
  private ready: Promise<{ keyring: Keyring; client: Sdk['client']; suiteId: number }> | undefined;
  private readonly legacy: EncryptionSdkSealer;
  /** Opened DEKs by `org#version`, for the container's life (each a 32-byte key). */
  private readonly keys = new Map<string, Promise<Buffer>>();
  private readonly currents = new Map<
    string,
    { at: number; key: Promise<{ keyVersion: number; key: Buffer }> }
  >();
  /** SDK decrypts made (DEKs opened), for tests and the bench. */
  dataKeysOpened = 0;

  constructor(
    private readonly makeKeyring: (m: Sdk['m']) => Keyring,
    private readonly records: DataKeyRecords,
    private readonly now: () => number = Date.now,
  ) {
    this.legacy = new EncryptionSdkSealer(makeKeyring);
  }

  private load() {
    this.ready ??= sdk().then(({ m, client }) => ({
      keyring: this.makeKeyring(m),
      client,
      suiteId: m.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    }));
    return this.ready;
  }

  private static dekContext(org: string, keyVersion: number) {
    return { purpose: 'account-data-key', org, keyVersion: String(keyVersion) };
  }

  private async unwrap(doc: DataKeyDoc): Promise<Buffer> {
    const { keyring, client } = await this.load();
    this.dataKeysOpened++;
    const { plaintext, messageHeader } = await client.decrypt(keyring, Buffer.from(doc.wrapped, 'base64'));
    const expected = EnvelopeAccountSealer.dekContext(doc.org, doc.keyVersion);
    for (const [k, v] of Object.entries(expected))
      if (messageHeader.encryptionContext[k] !== v)
        throw new Error(`the data key record ${doc.org}/${doc.keyVersion} holds another key (${k})`);
    const key = Buffer.from(plaintext);
    if (key.length !== 32) throw new Error(`the data key ${doc.org}/${doc.keyVersion} is not 32 bytes`);
    return key;
  }

  /** A version of an organisation's DEK, opened once per container. */
  private keyFor(org: string, keyVersion: number): Promise<Buffer> {
    const id = `${org}#${keyVersion}`;
    let key = this.keys.get(id);
    if (!key) {
      key = this.records.get(org, keyVersion).then((doc) => {
        if (!doc)
          throw new Error(`no data key ${org}/${keyVersion}: the sealed account number does not open`);
        return this.unwrap(doc);
      });
      key.catch(() => this.keys.delete(id));
      this.keys.set(id, key);
    }
    return key;
  }

  /** Makes version `keyVersion` of an organisation's DEK unless another writer did; either way, the stored one. */
  private async create(org: string, keyVersion: number): Promise<{ keyVersion: number; key: Buffer }> {
    const { keyring, client, suiteId } = await this.load();
    const key = randomBytes(32);
    const { result } = await client.encrypt(keyring, key, {
      encryptionContext: EnvelopeAccountSealer.dekContext(org, keyVersion),
      suiteId,
    });
    const doc: DataKeyDoc = {
      org,
      keyVersion,
      wrapped: Buffer.from(result).toString('base64'),
      createdAt: new Date(this.now()).toISOString(),
    };
    if (await this.records.create(doc)) {
      this.keys.set(`${org}#${keyVersion}`, Promise.resolve(key));
      return { keyVersion, key };
    }
    // Another seal created this version first: use the stored key, so both agree.
    key.fill(0);
    return { keyVersion, key: await this.keyFor(org, keyVersion) };
  }

  private currentKey(org: string): Promise<{ keyVersion: number; key: Buffer }> {
    const cached = this.currents.get(org);
    if (cached && this.now() - cached.at < currentKeyMaxAgeMs) return cached.key;
    const key = this.records
      .current(org)
      .then(async (doc) =>
        doc
          ? { keyVersion: doc.keyVersion, key: await this.keyFor(org, doc.keyVersion) }
          : this.create(org, 1),
      );
    key.catch(() => this.currents.delete(org));
    this.currents.set(org, { at: this.now(), key });
    return key;
  }

  /** Starts a new version of an organisation's DEK; later seals use it, older numbers still open. */
  async rotate(org: string): Promise<number> {
    const current = await this.records.current(org);
    const next = await this.create(org, (current?.keyVersion ?? 0) + 1);
    this.currents.set(org, { at: this.now(), key: Promise.resolve(next) });
    return next.keyVersion;
  }

  async seal(
    accountNumber: string,
    context: Readonly<Record<string, string>>,
    keyOwner: string,
  ): Promise<string> {
    const { keyVersion, key } = await this.currentKey(keyOwner);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(keyOwner, keyVersion, context));
    const body = Buffer.concat([
      iv,
      cipher.update(accountNumber, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${envelopeFormat}:${encodeURIComponent(keyOwner)}:${keyVersion}:${body.toString('base64url')}`;
  }

  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    if (!sealed.startsWith(`${envelopeFormat}:`)) return this.legacy.open(sealed, context);
    const [, ownerText, versionText, bodyText, ...rest] = sealed.split(':');
    const keyVersion = Number(versionText);
    if (rest.length > 0 || !ownerText || !bodyText || !Number.isSafeInteger(keyVersion) || keyVersion < 1)
      throw new Error('a sealed account number is malformed');
    const org = decodeURIComponent(ownerText);
    const body = Buffer.from(bodyText, 'base64url');
    if (body.length < 12 + 16 + 1) throw new Error('a sealed account number is malformed');
    const key = await this.keyFor(org, keyVersion);
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
    decipher.setAAD(aad(org, keyVersion, context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error('a sealed account number did not open: wrong context, or altered');
    }
  }
}

const kmsKeyring = (keyArn: string) => (m: Sdk['m']) => new m.KmsKeyringNode({ generatorKeyId: keyArn });
const localKeyring = (keyFile: string) => (m: Sdk['m']) =>
  new m.RawAesKeyringNode({
    keyName: 'account-key',
    keyNamespace: 'ehcp-ledger',
    unencryptedMasterKey: localAccountKey(keyFile),
    wrappingSuite: m.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

type DataKeyStore = Parameters<typeof storeDataKeys>[0];

/** In AWS: DEKs sealed by the account-data KMS key, kept in the organisations' records. */
export const kmsAccountSealer = (keyArn: string, store: DataKeyStore): EnvelopeAccountSealer =>
  new EnvelopeAccountSealer(kmsKeyring(keyArn), storeDataKeys(store));

/** Locally: DEKs sealed by an AES-256 key from a file (created on first use, 0600). */
export const localAccountSealer = (keyFile: string, store: DataKeyStore): EnvelopeAccountSealer =>
  new EnvelopeAccountSealer(localKeyring(keyFile), storeDataKeys(store));

/** The one-message-per-number format from before the two-level envelope (tests make old numbers with it). */
export const legacyLocalAccountSealer = (keyFile: string) => new EncryptionSdkSealer(localKeyring(keyFile));
