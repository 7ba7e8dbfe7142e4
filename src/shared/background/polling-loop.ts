/**
 * Runs `pass` in the background: every `intervalMs`, and sooner when kicked. Passes never overlap;
 * a kick during a pass runs one more right after it. A pass that reports a full batch runs again
 * at once (there is probably more). A throwing pass is logged by `onError` and retried at the
 * next tick. Nothing here touches a request: callers only ever `kick()`.
 */
export class PollingLoop {
  readonly #pass: () => Promise<{ full: boolean }>;
  readonly #intervalMs: number;
  readonly #onError: (err: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: {
    pass: () => Promise<{ full: boolean }>;
    intervalMs: number;
    onError: (err: unknown) => void;
  }) {
    this.#pass = options.pass;
    this.#intervalMs = options.intervalMs;
    this.#onError = options.onError;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#intervalMs);
    this.#timer.unref();
    this.kick();
  }

  /** Asks for a pass now; coalesces with a running one. Does nothing when stopped. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops ticking and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      try {
        while (!this.#stopped && (await this.#pass()).full);
      } catch (err) {
        this.#onError(err);
        return;
      }
    } while (this.#again && !this.#stopped);
  }
}
