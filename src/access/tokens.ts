// Bearer tokens by role, compared in constant time: every configured token is checked, whatever matches first.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'full' | 'ingest' | 'read';

interface Entry {
  role: Role;
  digest: Buffer;
  /** A short, non-reversible name for the token (rate-limit keys, logs): never the token itself. */
  key: string;
}

const digestOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class TokenTable {
  private readonly entries: Entry[] = [];

  constructor(byRole: Record<Role, readonly string[]>) {
    for (const role of Object.keys(byRole) as Role[]) {
      for (const token of byRole[role]) {
        const digest = digestOf(token);
        this.entries.push({ role, digest, key: digest.subarray(0, 8).toString('hex') });
      }
    }
  }

  /** Tokens are on when any list has one; then every non-public route needs one. */
  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /**
   * The entry of a presented token, or undefined. Digests have one length, so timingSafeEqual never
   * short-cuts on length, and the loop never stops early: the time does not depend on which token matched.
   */
  find(given: string): { role: Role; key: string } | undefined {
    const digest = digestOf(given);
    let found: Entry | undefined;
    for (const e of this.entries) {
      if (timingSafeEqual(e.digest, digest) && found === undefined) found = e;
    }
    return found ? { role: found.role, key: found.key } : undefined;
  }
}
