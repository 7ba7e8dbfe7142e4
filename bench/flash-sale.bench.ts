/**
 * A flash sale: `--buyers` shoppers race for `--stock` units of one SKU through HTTP, all
 * completing at the same moment. Carts are built first (not timed); the timed part is the race.
 * Checks G10 from the outside: orders, units sold by the stock level, and oversold units.
 *
 *   npm run bench:flash -- --stock 100 --buyers 500 --db both
 *   npm run bench:flash -- --db postgres --processes 2     # API_PROCESSES=2: the race spans processes
 */
import { numberOption, parseDbOption, readyCart, setStock, startBenchServer } from "./bench-server.ts";

const args = process.argv.slice(2);
const stock = numberOption(args, "--stock", 100);
const buyers = numberOption(args, "--buyers", 500);
const processes = numberOption(args, "--processes", 1);
const sku = "HOODIE-FOREST";

async function main(): Promise<void> {
  for (const db of parseDbOption(args)) {
    const server = await startBenchServer(db, { processes });
    try {
      await setStock(server, sku, stock);
      // Build the carts a few at a time, as shoppers filling their carts before the sale opens.
      const carts: Awaited<ReturnType<typeof readyCart>>[] = [];
      for (let i = 0; i < buyers; i += 25) {
        const batch = Math.min(25, buyers - i);
        carts.push(
          ...(await Promise.all(
            Array.from({ length: batch }, () => readyCart(server, [{ sku, quantity: 1 }])),
          )),
        );
      }
      const started = performance.now();
      const responses = await Promise.all(
        carts.map((cart, i) =>
          server
            .call("POST", `/store/carts/${cart.cartId}/complete`, {
              headers: { ...cart.headers, "idempotency-key": `flash-${i}` },
              body: { payment: { provider: "test", token: "tok_visa" } },
            })
            .catch((error: Error) => ({ status: 0, body: { code: error.message }, ms: 0 })),
        ),
      );
      const ms = performance.now() - started;
      const auth = { authorization: `Bearer ${server.apiKey}` };
      const level = (await server.call("GET", `/admin/inventory/${sku}`, { headers: auth })).body as {
        onHand: number;
        reserved: number;
      };
      const orders = responses.filter((r) => r.status === 200).length;
      const soldOut = responses.filter(
        (r) => r.status === 409 && r.body.code === "insufficient_stock",
      ).length;
      const unitsSold = stock - level.onHand;
      const errors = buyers - orders - soldOut;
      process.stdout.write(
        `${db} (${processes} API process${processes > 1 ? "es" : ""}): ${orders} orders, ${soldOut} refused (insufficient_stock), ${errors} other answers; ` +
          `on hand ${level.onHand}, reserved ${level.reserved}, ${Math.round(ms)} ms\n`,
      );
      process.stdout.write(
        `${JSON.stringify({
          db,
          processes,
          stock,
          buyers,
          orders,
          unitsSold,
          oversold: Math.max(0, orders - stock, unitsSold - stock),
          errors,
          ms: Math.round(ms),
        })}\n`,
      );
    } finally {
      await server.stop();
    }
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
