import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../logger.ts";

/**
 * One connection to the broker, made in the background and kept up. Never throws at the
 * caller: while the broker is down, `current()` is undefined and the outbox keeps the events.
 * After the first connection the client reconnects on its own; before it, we retry here
 * (the client gives up on a first connection that fails).
 */
export class NatsConnectionKeeper {
  readonly #servers: string[];
  readonly #log: Logger;
  readonly #onConnect: (nc: NatsConnection) => Promise<void>;
  readonly #retryMs: number;
  #nc: NatsConnection | undefined;
  #connected = false;
  #stopped = true;
  #timer: NodeJS.Timeout | undefined;
  #attempt: Promise<void> | undefined;
  #failures = 0;

  constructor(options: {
    servers: string[];
    log: Logger;
    /** Runs after each (re)connection; errors are logged and retried on the next one. */
    onConnect: (nc: NatsConnection) => Promise<void>;
    retryMs?: number;
  }) {
    this.#servers = options.servers;
    this.#log = options.log;
    this.#onConnect = options.onConnect;
    this.#retryMs = options.retryMs ?? 1000;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attempt = this.#connect();
  }

  /** The live connection, or undefined while connecting or disconnected. */
  current(): NatsConnection | undefined {
    return this.#connected ? this.#nc : undefined;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#attempt;
    const nc = this.#nc;
    this.#nc = undefined;
    this.#connected = false;
    if (nc && !nc.isClosed()) await nc.close().catch(() => {});
  }

  async #connect(): Promise<void> {
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: this.#servers,
        name: "cartwright",
        timeout: 2000,
        maxReconnectAttempts: -1,
        reconnectTimeWait: this.#retryMs,
      });
    } catch (err) {
      // Say it once per outage, not once a second.
      const level = this.#failures++ === 0 ? "warn" : "debug";
      this.#log[level]({ err, servers: this.#servers }, "NATS unreachable; events wait in the outbox");
      if (!this.#stopped)
        this.#timer = setTimeout(() => {
          this.#attempt = this.#connect();
        }, this.#retryMs).unref();
      return;
    }
    if (this.#stopped) {
      await nc.close().catch(() => {});
      return;
    }
    this.#nc = nc;
    this.#failures = 0;
    this.#log.info({ server: nc.getServer() }, "connected to NATS");
    void this.#watch(nc);
    await this.#ready(nc);
  }

  async #ready(nc: NatsConnection): Promise<void> {
    try {
      await this.#onConnect(nc);
      this.#connected = true;
    } catch (err) {
      this.#log.error({ err }, "NATS set-up failed; retrying");
      if (!this.#stopped)
        this.#timer = setTimeout(() => {
          this.#attempt = this.#ready(nc);
        }, this.#retryMs).unref();
    }
  }

  async #watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") {
        this.#connected = false;
        this.#log.warn("NATS disconnected; events wait in the outbox");
      } else if (status.type === "reconnect") {
        this.#log.info("NATS reconnected");
        if (!this.#stopped) this.#attempt = this.#ready(nc);
      }
    }
  }
}
