import { loadSipRegistrations, saveSipRegistration, type Db } from '@tsunagu/db';
import type { sipUa } from '@tsunagu/telephony';
import type { Logger } from 'pino';

/**
 * Keeps the registrar's bindings in the database, so a restarted node can ring agents' desk
 * phones at once instead of waiting for each to register again (up to its expiry, often an
 * hour). Writes go one at a time per phone, only the newest list counts, and they never hold up
 * the REGISTER's answer: a binding lost to a crash costs one re-registration, not a call.
 */
export class SipRegistrationStore {
  private readonly latest = new Map<string, readonly sipUa.Binding[]>();
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /**
   * Restores the bindings saved before a restart, for accounts this node serves (its realm);
   * returns how many phones came back.
   */
  async restoreInto(
    registrar: sipUa.Registrar,
    now: number,
    serves: (username: string) => boolean,
  ): Promise<number> {
    let phones = 0;
    for (const [username, bindings] of await loadSipRegistrations(this.db, now)) {
      if (!serves(username)) continue;
      const restored = registrar.restore(username, bindings as sipUa.Binding[]);
      if (restored > 0) phones += 1;
    }
    return phones;
  }

  /** The registrar's change hook. */
  changed(username: string, bindings: readonly sipUa.Binding[]): void {
    this.latest.set(username, bindings);
    this.writing ??= this.writeAll();
  }

  /** Resolves when every change so far is written (before the database closes). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.latest.size > 0) {
        const [username, bindings] = this.latest.entries().next().value!;
        this.latest.delete(username);
        const stored = bindings.map((b) => ({
          contact: b.contact,
          source: { protocol: b.source.protocol, host: b.source.host, port: b.source.port },
          expiresAt: b.expiresAt,
          callId: b.callId,
          cseq: b.cseq,
        }));
        try {
          await saveSipRegistration(this.db, username, stored);
        } catch (err) {
          this.log.warn(
            { err, username },
            'could not keep a phone registration / 電話機の登録を保存できませんでした',
          );
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
