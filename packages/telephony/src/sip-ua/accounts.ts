import { computeHA1, type DigestAlgorithm, type Secret } from '../sip-auth/index.js';

/** A SIP phone's login: the username is the user part of its address of record. */
export interface SipAccount {
  readonly username: string;
  /** HA1 per algorithm (MD5 and SHA-256), so the password itself need not be kept. */
  readonly ha1: Readonly<Record<DigestAlgorithm, string>>;
}

/** Where the registrar and the INVITE guard look accounts up; synchronous, so kept in memory. */
export interface SipAccountDirectory {
  find(username: string): SipAccount | undefined;
}

export function accountFromPassword(username: string, realm: string, password: string): SipAccount {
  return {
    username,
    ha1: {
      MD5: computeHA1('MD5', username, realm, password),
      'SHA-256': computeHA1('SHA-256', username, realm, password),
    },
  };
}

/** The in-memory directory: filled from the database by the server, by hand in tests. */
export class MemoryAccounts implements SipAccountDirectory {
  private readonly accounts = new Map<string, SipAccount>();

  set(account: SipAccount): void {
    this.accounts.set(account.username, account);
  }

  delete(username: string): void {
    this.accounts.delete(username);
  }

  replaceAll(accounts: Iterable<SipAccount>): void {
    this.accounts.clear();
    for (const a of accounts) this.set(a);
  }

  find(username: string): SipAccount | undefined {
    return this.accounts.get(username);
  }
}

export function secretOf(
  account: SipAccount | undefined,
  algorithm: DigestAlgorithm,
): Secret | undefined {
  return account === undefined ? undefined : { ha1: account.ha1[algorithm] };
}
