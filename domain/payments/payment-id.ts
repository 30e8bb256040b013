/**
 * A payment's id (DESIGN.md 11b): at most 35 characters (pain.001's EndToEndId), deterministic
 * from its run, plan, pot and instalment date, so a run posted again names its payments alike. It
 * is the run's id, a dash and 8 characters of a hash of the plan, pot and date; the run is read
 * back off it. The plan is in the hash: every plan has a pot `SC` paid on the 1st, and two
 * payments of one run sharing an id would refuse the second instalment's whole posting.
 */

export const paymentIdMax = 35;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** FNV-1a, 64 bits: a stable spread of the pot and date over the id's last 8 characters. */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

/** `length` (at most 12) characters of A-Z 0-9 spread stably from the text by its hash. */
export function hashCharacters(text: string, length: number): string {
  let h = fnv1a64(text);
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(h % 32n)] + out;
    h /= 32n;
  }
  return out;
}

export function paymentIdOf(runId: string, planId: string, potId: string, date: string): string {
  if (!/^[0-9A-Z]{1,26}$/.test(runId))
    throw new RangeError(`run id ${runId} is not 1-26 characters of A-Z 0-9`);
  return `${runId}-${hashCharacters(`${planId}|${potId}|${date}`, 8)}`;
}

/** The run a payment belongs to, read off its id; undefined for anything that is not a payment id. */
export function runOfPayment(paymentId: string): string | undefined {
  const m = /^([0-9A-Z]{1,26})-[0-9A-Z]{8}$/.exec(paymentId);
  return m?.[1];
}
