import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AccountSealer } from '../../domain/payments/sealer.js';

/**
 * Account numbers sealed with the AWS Encryption SDK (envelope encryption): each number gets its
 * own data key, wrapped by a KMS key in AWS or by a raw AES-256 key from a file under DATA_DIR
 * locally (made on first use, mode 0600). The SDK is loaded on first use, so functions that never
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

class EncryptionSdkSealer implements AccountSealer {
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
      // Key commitment without a per-message signature: only the ledger writes these messages,
      // and verifying an ECDSA signature per account would cost a large file seconds.
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

/** In AWS: data keys from the account-data KMS key. */
export const kmsAccountSealer = (keyArn: string): AccountSealer =>
  new EncryptionSdkSealer((m) => new m.KmsKeyringNode({ generatorKeyId: keyArn }));

/** Locally: data keys wrapped by an AES-256 key from a file (created on first use, 0600). */
export const localAccountSealer = (keyFile: string): AccountSealer =>
  new EncryptionSdkSealer(
    (m) =>
      new m.RawAesKeyringNode({
        keyName: 'account-key',
        keyNamespace: 'ehcp-ledger',
        unencryptedMasterKey: localAccountKey(keyFile),
        wrappingSuite: m.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      }),
  );
