// "K rejected exposures in a row in a live session": each session's exposures in the order they were first decided,
// and how many at the end are rejected. Undecided exposures (accepted so far, but a criterion still pending) neither
// extend nor break a streak, so a movie whose CTF has not arrived cannot resolve an alert that its CTF will re-fire.
export type Decision = 'accepted' | 'rejected';

export interface RejectionStreaks {
  /** Records an exposure's current decision; returns the session's trailing run of rejected exposures. */
  decided(session: string, movie: string, decision: Decision): number;
}

/** `keep` bounds the exposures remembered per session, `sessions` the sessions remembered (least recently decided go). */
export function createRejectionStreaks(keep = 200, sessions = 200): RejectionStreaks {
  const bySession = new Map<string, Map<string, Decision>>();
  return {
    decided(session, movie, decision) {
      const order = bySession.get(session) ?? new Map<string, Decision>();
      bySession.delete(session);
      bySession.set(session, order); // most recently decided last
      if (bySession.size > sessions) bySession.delete(bySession.keys().next().value!);
      order.set(movie, decision); // a known movie keeps its place; a new one goes last
      if (order.size > keep) order.delete(order.keys().next().value!);
      let run = 0;
      for (const d of [...order.values()].reverse()) {
        if (d !== 'rejected') break;
        run++;
      }
      return run;
    },
  };
}
