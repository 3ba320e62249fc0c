/** Runs tasks one after another: the single write path of one file. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Settles once every task queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
