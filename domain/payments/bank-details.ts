import { validateAccountDetails } from 'uk-modulus-check';
import { DomainError } from '../errors.js';
import { toBacs } from './bacs.js';

/**
 * UK bank details as a bank checks them (DESIGN.md 11b, "Accounts"): a sort code `12-34-56`, an
 * account number of 8 digits, the pair passing the Vocalink modulus rules. The rules come from
 * `uk-modulus-check` (a pure library: its weight table, Vocalink's valacdos v8.50 valid from 23 June
 * 2025, is bundled JSON, so the check does no I/O and may run in the domain).
 */

export interface BankAccountInput {
  name: string;
  sortCode: string;
  accountNumber: string;
}

/** A bank account checked and normalised: sort code `123456`, account number of 8 digits. */
export interface BankAccount {
  /** The account holder's name in the BACS character set. */
  name: string;
  sortCode: string;
  accountNumber: string;
}

export const sortCodePattern = /^[0-9]{2}-[0-9]{2}-[0-9]{2}$/;
export const accountNumberPattern = /^[0-9]{8}$/;
/** BACS carries 18 characters of an account name. */
export const accountNameMax = 18;

const invalid = (path: string, message: string): DomainError =>
  new DomainError('BANK_DETAILS_INVALID', `${path}: ${message}`, [{ path, message }]);

/**
 * Checks bank details as a bank would; `at` prefixes the field named in the refusal (e.g.
 * `bankAccount`). Throws 422 `BANK_DETAILS_INVALID` naming the field at fault.
 */
export function checkBankAccount(input: BankAccountInput, at = ''): BankAccount {
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (typeof input.name !== 'string' || input.name.trim() === '')
    throw invalid(field('name'), 'the account holder name is required');
  const name = toBacs(input.name, accountNameMax);
  if (name.trim() === '') throw invalid(field('name'), 'the name has no character the BACS set can carry');
  if (typeof input.sortCode !== 'string' || !sortCodePattern.test(input.sortCode))
    throw invalid(field('sortCode'), 'a sort code is six digits written 12-34-56');
  if (typeof input.accountNumber !== 'string' || !accountNumberPattern.test(input.accountNumber))
    throw invalid(field('accountNumber'), 'an account number is eight digits');
  const sortCode = input.sortCode.replaceAll('-', '');
  if (!validateAccountDetails(sortCode, input.accountNumber))
    throw invalid(
      field('accountNumber'),
      'the account number does not pass the modulus check for this sort code',
    );
  return { name, sortCode, accountNumber: input.accountNumber };
}

/** An account number as every answer, log line, export and page shows it: `****5678`. */
export const maskAccountNumber = (accountNumber: string): string => `****${accountNumber.slice(-4)}`;

/** A sort code as people write it: `12-34-56`. */
export const formatSortCode = (sortCode: string): string =>
  sortCode.replace(/^([0-9]{2})([0-9]{2})([0-9]{2})$/, '$1-$2-$3');
