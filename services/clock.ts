export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant: BENEFITS_NOW, demos and tests. */
export function pinnedClock(at: Date): Clock {
  const time = at.getTime();
  return { now: () => new Date(time) };
}

/** A clock that starts at `at` and runs from there: demos and end-to-end runs on fixed dates, with time still passing. */
export function clockStartingAt(at: Date): Clock {
  const offset = at.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` until `to`, rounded down; negative when `to` is past. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
