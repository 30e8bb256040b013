/**
 * The port for account numbers kept encrypted (DESIGN.md 11b): envelope encryption, a KMS key in
 * AWS and a key under DATA_DIR locally (adapters/crypto/account-sealer.ts). The domain seals an
 * account number before storing it and opens it only to write a payment file; the encryption
 * context binds a sealed number to its owner, so one copied onto another record does not open.
 * `keyOwner` names the organisation whose data key seals the number (the plan's council for a
 * payee, the organisation itself for its own account); a sealed number names its key, so `open`
 * needs only the context.
 */
export interface AccountSealer {
  seal(accountNumber: string, context: Readonly<Record<string, string>>, keyOwner: string): Promise<string>;
  open(sealed: string, context: Readonly<Record<string, string>>): Promise<string>;
}
