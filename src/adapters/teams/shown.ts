// The forms shown, kept where every instance finds them: with several instances behind a load
// balancer (no stickiness), a form shown by one may come back with its errors to another, which
// must show the whole form again. Each is written to the address book under `form:` (pruned a
// week after, like Slack's parked modal metadata: src/db/retention.ts), for the person it was
// shown to only; this process's own (ShownForms) are found without a read.
import type { AddressBook } from '../../core/addresses.js';
import type { Form } from '../../core/message.js';
import { ShownForms } from './forms.js';

/** References are ours (randomUUID): anything else that comes back in a submit is looked up nowhere. */
const REF = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class KeptForms {
  constructor(
    private readonly book: AddressBook,
    private readonly here = new ShownForms(),
  ) {}

  /** Keeps a form for `owner` (tenant|person) in `tenant`; returns its reference. */
  async keep(tenant: string, owner: string, form: Form): Promise<string> {
    const ref = this.here.keep(owner, form);
    await this.book.save('teams', tenant, key(ref), { owner, form });
    return ref;
  }

  /** The form kept under `ref`, only for the person it was shown to, whichever instance showed it. */
  async find(tenant: string, owner: string, ref: string | undefined): Promise<Form | undefined> {
    const mine = this.here.find(owner, ref);
    if (mine || !ref || !REF.test(ref)) return mine;
    const kept = await this.book.find('teams', tenant, key(ref));
    return kept?.owner === owner && kept.form && typeof kept.form === 'object' ? (kept.form as Form) : undefined;
  }

  /** A form answered: not shown again, here or by another instance. */
  async forget(tenant: string, ref: string | undefined): Promise<void> {
    this.here.forget(ref);
    if (ref && REF.test(ref)) await this.book.save('teams', tenant, key(ref), { answered: true });
  }
}

const key = (ref: string) => `form:shown:${ref}`;
