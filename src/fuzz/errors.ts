/** One target of a campaign cannot be exercised on this SUT (e.g. it never sends the CALL to answer badly). */
export class NotAvailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAvailable';
  }
}

/** The campaign's state (a transaction) cannot be reached on this SUT: the campaign stops and says why. */
export class StateNotAvailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateNotAvailable';
  }
}

/** The SUT could not be brought (back) to the campaign's state: the campaign stops and says why. */
export class SutUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SutUnreachable';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Try `attempt` until it succeeds or `withinMs` has passed (a SUT restarting after a crash needs a moment). */
export async function retryUntil<T>(withinMs: number, attempt: () => Promise<T>, what: string): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + delay > deadline) throw new SutUnreachable(`could not ${what} within ${withinMs} ms: ${(err as Error).message}`);
      await sleep(delay);
    }
  }
}
