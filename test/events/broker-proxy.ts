import { createServer, type Server, Socket } from "node:net";

/**
 * A TCP hop in front of the real broker that the test can switch off and on: while down, its
 * port refuses connections exactly like a stopped broker; once up, it forwards to the broker.
 */
export class BrokerProxy {
  readonly port: number;
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;

  private constructor(port: number, target: { host: string; port: number }) {
    this.port = port;
    this.#target = target;
  }

  /** A proxy on a free local port, down until `up()`. */
  static async reserve(target: { host: string; port: number }): Promise<BrokerProxy> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    if (!address || typeof address === "string") throw new Error("no port");
    return new BrokerProxy(address.port, target);
  }

  async up(): Promise<void> {
    const server = createServer((client) => {
      const broker = new Socket();
      broker.connect(this.#target.port, this.#target.host);
      for (const s of [client, broker]) {
        this.#sockets.add(s);
        s.on("close", () => this.#sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          broker.destroy();
        });
      }
      client.pipe(broker).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.#server = server;
  }

  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
