/**
 * At most one catalogue import is read, staged and validated at a time in this process; the others wait
 * here in arrival order. Parsing a workbook or the national file takes hundreds of MB at its peak (on
 * PGlite the database's memory never shrinks), so two at once could take a small server down.
 */
const waiting: (() => void)[] = [];
let busy = false;

/** How many imports wait for the slot now (for the batch list and tests). */
export const importsWaiting = () => waiting.length;

/**
 * Runs `fn` when the slot is free. If it is taken, `onQueued` runs first (the batch is marked "i kö")
 * and the call waits its turn.
 */
export async function withImportSlot<T>(onQueued: () => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  if (busy) {
    let handedOver = false;
    const wake = () => {
      handedOver = true;
    };
    const turn = new Promise<void>((resolve) => waiting.push(() => (wake(), resolve())));
    const me = waiting.at(-1)!;
    try {
      await onQueued();
    } catch (e) {
      // Give up the place in the queue, or the slot if it was handed over meanwhile.
      if (handedOver) release();
      else waiting.splice(waiting.indexOf(me), 1);
      throw e;
    }
    await turn;
  } else {
    busy = true;
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

function release() {
  const next = waiting.shift();
  if (next) next();
  else busy = false;
}
