// The check-in's names: its timers' kinds, its buttons' actions, and the keys that make every
// timer and every message of (team, run, member) unique — the same inputs always give the same
// key, so a second attempt at anything finds the first.

export const JOB = { run: 'checkin.run', send: 'checkin.send', remind: 'checkin.remind', digest: 'checkin.digest' } as const;

/** The actions behind the check-in's buttons, and its form. */
export const ACTION = { open: 'checkin.open', skip: 'checkin.skip' } as const;
export const FORM_ID = 'checkin';

export const keys = {
  runJob: (teamId: number, date: string) => `checkin:run:${teamId}:${date}`,
  /** Every run timer of a team (a prefix). */
  runJobs: (teamId: number) => `checkin:run:${teamId}:`,
  send: (teamId: number, runKey: string, memberId: number) => `checkin:send:${teamId}:${runKey}:${memberId}`,
  remind: (teamId: number, runKey: string, memberId: number) => `checkin:remind:${teamId}:${runKey}:${memberId}`,
  digest: (teamId: number, runKey: string) => `checkin:digest:${teamId}:${runKey}`,
  /** The digest edited for a member's late answer (version 0) and for each edit of it after. */
  digestEdit: (teamId: number, runKey: string, checkinId: number, version = 0) => `checkin:digest:${teamId}:${runKey}:edit:${checkinId}${version ? `:v${version}` : ''}`,
};
