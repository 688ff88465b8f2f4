// Forms travel through the Teams client in a card's submit data, where a changed client can
// rewrite anything — a form's state included (a "Record as…" form's state names the message it
// links to and the thread Baton answers in). Slack keeps a modal's private_metadata on its own
// side; here each form's id and state are sealed instead: an HMAC over them, with a key kept in
// the database (so open forms survive a restart). A form that comes back with an id or state
// Baton did not seal is refused. Who may submit it is the core's to decide (a form passed to
// someone else is answered by the core's own refusal, e.g. "not yours to give").
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressBook } from '../../core/addresses.js';

/** Where the key is kept: the Teams address book, under no tenant. */
const KEY_WORKSPACE = '';
const KEY_NAME = 'form-seal-key';

export class FormSeal {
  private key: Buffer | undefined;

  constructor(private readonly book: AddressBook) {}

  /** The seal of a form's id and state. */
  async seal(formId: string, state: string): Promise<string> {
    return createHmac('sha256', await this.secret()).update(formId).update('\0').update(state).digest('base64url');
  }

  /** True when `seal` is Baton's for this form id and state. */
  async check(formId: string, state: string, seal: string | undefined): Promise<boolean> {
    if (!seal) return false;
    const expected = Buffer.from(await this.seal(formId, state));
    const given = Buffer.from(seal);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    const kept = (await this.book.find('teams', KEY_WORKSPACE, KEY_NAME))?.key;
    if (typeof kept === 'string' && kept.length >= 43) {
      this.key = Buffer.from(kept, 'base64url');
    } else {
      // Several instances starting at once each make a key; the first one saved is everyone's.
      const made = randomBytes(32).toString('base64url');
      const saved = (await this.book.keepFirst('teams', KEY_WORKSPACE, KEY_NAME, { key: made })).key;
      if (typeof saved === 'string' && saved.length >= 43) this.key = Buffer.from(saved, 'base64url');
      else {
        // What was kept is no key (damaged): replaced.
        await this.book.save('teams', KEY_WORKSPACE, KEY_NAME, { key: made });
        this.key = Buffer.from(made, 'base64url');
      }
    }
    return this.key;
  }
}
