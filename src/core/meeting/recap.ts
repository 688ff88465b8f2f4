// The meeting's end: the recap owner's draft. The recap helper (h5) fills this in; until then a
// held meeting has no recap draft.
import type { Context } from '../context.js';

export async function meetingEnded(_ctx: Context, _meetingId: number): Promise<void> {}
