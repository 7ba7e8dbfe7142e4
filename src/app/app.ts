import { readdirSync } from "node:fs";
import { join } from "node:path";
import { healthRoutes } from "../http/health.routes.ts";
import { createServer, type Server } from "../http/server.ts";
import { staticRoutes } from "../http/static.routes.ts";
import {
  analyticsAdminRoutes,
  analyticsStoreRoutes,
  analyticsSubscriber,
} from "../modules/analytics/index.ts";
import { authenticateApiKey } from "../modules/api-keys/index.ts";
import { cartStoreRoutes, expireIdleCarts } from "../modules/cart/index.ts";
import {
  adminFxRates,
  catalogAdminRoutes,
  catalogStoreRoutes,
  createEcbFxRates,
} from "../modules/catalog/index.ts";
import {
  type CheckoutContext,
  type CheckoutHooks,
  checkoutStoreRoutes,
  paypalOrderStoreRoutes,
  recoverCheckouts,
  resumeAttemptFromProvider,
} from "../modules/checkout/index.ts";
import {
  customerGroupAdminRoutes,
  customerStoreRoutes,
  findCustomerGroup,
  isFirstOrder,
  paymentTermsAdminRoutes,
} from "../modules/customers/index.ts";
import {
  type CarrierProvider,
  carrierWebhookRoutes,
  createTestCarrier,
  type FulfillmentContext,
  shipmentsAdminRoutes,
} from "../modules/fulfillment/index.ts";
import { inventoryAdminRoutes } from "../modules/inventory/index.ts";
import {
  EmailSender,
  emailsAdminRoutes,
  fileTransport,
  type MailTransport,
  orderConfirmationSubscriber,
  paymentInstructionsSubscriber,
  receiptsRoutes,
  returnEmailsSubscriber,
  type StoreProfile,
  shipmentEmailsSubscriber,
  smtpTransport,
} from "../modules/notifications/index.ts";
import {
  cancelOverdueBankTransfers,
  followOn,
  offlinePaymentsAdminRoutes,
  orderPaymentsAdminRoutes,
  ordersAdminRoutes,
  ordersStoreRoutes,
} from "../modules/orders/index.ts";
import {
  type BankAccount,
  createOfflineGateway,
  createPayPalClient,
  createPayPalGateway,
  createStripeClient,
  createStripeGateway,
  createTestGateway,
  offeredPaymentMethods,
  type PaymentGateway,
  paymentMethodsStoreRoutes,
  paypalWebhookRoutes,
  type ResilienceOptions,
  stripeWebhookRoutes,
  testTokenStoreRoutes,
  withResilience,
} from "../modules/payments/index.ts";
import {
  giftCardsAdminRoutes,
  giftCardsStoreRoutes,
  promotionsAdminRoutes,
} from "../modules/promotions/index.ts";
import {
  type RecoveryContext,
  recoveredCheckoutsSubscriber,
  recoveryStoreRoutes,
  reviewRequestsSubscriber,
  runRecovery,
} from "../modules/recovery/index.ts";
import {
  findReturnLabel,
  retryPendingRefunds,
  returnsAdminRoutes,
  returnsStoreRoutes,
  trackReturnParcel,
} from "../modules/returns/index.ts";
import { shippingAdminRoutes } from "../modules/shipping/index.ts";
import { createBuiltinTaxProvider, type TaxProvider, withFallback } from "../modules/tax/index.ts";
import {
  createSecretBox,
  type PostWebhook,
  WebhookSender,
  webhooksAdminRoutes,
  webhooksSubscriber,
} from "../modules/webhooks/index.ts";
import { type Clock, systemClock } from "../shared/clock.ts";
import { type Database, openDatabase, pgliteDir } from "../shared/db/database.ts";
import { migrateDatabase, migrationsFolder } from "../shared/db/migrate.ts";
import { purgeIdempotencyKeys } from "../shared/idempotency/idempotency.ts";
import { createLogger, type Logger } from "../shared/logger.ts";
import { createEventStream, type EventStream } from "../shared/outbox/event-stream.ts";
import type { Config } from "./config.ts";

export interface App {
  server: Server;
  ctx: CheckoutContext;
  database: Database;
  config: Config;
  /** Outbox delivery: subscribe consumers here; dispatching starts with startWorkers. */
  events: EventStream;
  /** The email queue's sender loop; started by startWorkers, `runOnce()` drives it in tests. */
  mail: EmailSender;
  /** The outgoing webhook sender; started by startWorkers, `runOnce()` drives it in tests. */
  webhooks: WebhookSender;
  /** One pass of the background work: checkout recovery, key expiry, cart reminders, review invites. */
  sweep(): Promise<void>;
  /** Starts the periodic sweeper (at once, then every CHECKOUT_SWEEP_INTERVAL_MS). */
  startWorkers(): void;
  close(): Promise<void>;
}

export interface AppOverrides {
  database?: Database;
  clock?: Clock;
  log?: Logger;
  hooks?: CheckoutHooks;
  gateways?: Record<string, PaymentGateway>;
  /** Retry and circuit-breaker settings for every gateway (tests pass a fake clock and sleep). */
  paymentResilience?: Partial<ResilienceOptions>;
  /** An external tax service; the built-in rates answer when it fails or is slow. */
  taxProvider?: TaxProvider;
  /** Where emails go instead of SMTP_URL or DATA_DIR/mail. */
  mailTransport?: MailTransport;
  /** Carriers besides (or replacing) the built-in `test` carrier. */
  carriers?: Record<string, CarrierProvider>;
  /** How outgoing webhooks are posted (tests inject failures); fetch by default. */
  webhookPost?: PostWebhook;
}

/** The composition root: opens storage, chooses providers from config, wires modules to HTTP. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const database =
    overrides.database ??
    (await openDatabase({
      url: config.DATABASE_URL,
      dataDir: pgliteDir(config.DATA_DIR),
      poolSize: config.DATABASE_POOL_SIZE,
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    }));
  await migrateDatabase(database);
  const db = database.db;
  // Stripe is enabled by its secret key; STRIPE_API_URL points it at stripe-mock or a test fake.
  const stripe = config.STRIPE_SECRET_KEY
    ? createStripeClient({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL })
    : undefined;
  // PayPal is enabled by its REST app credentials; PAYPAL_API_URL picks live, sandbox or a fake.
  const paypal =
    config.PAYPAL_CLIENT_ID && config.PAYPAL_CLIENT_SECRET
      ? createPayPalClient({
          clientId: config.PAYPAL_CLIENT_ID,
          clientSecret: config.PAYPAL_CLIENT_SECRET,
          apiUrl: config.PAYPAL_API_URL,
        })
      : undefined;
  const gateways = withResilience(
    [
      [
        "test",
        createTestGateway(db, clock, {
          latencyMs: config.TEST_PAYMENT_LATENCY_MS,
          transientFailureRate: config.TEST_PAYMENT_FAILURE_RATE,
        }),
      ],
      ...(stripe ? [["stripe", createStripeGateway(stripe)] as const] : []),
      ...offlineGateways(db, clock, config),
      ...(paypal ? [["paypal", createPayPalGateway(paypal)] as const] : []),
      ...Object.entries(overrides.gateways ?? {}),
    ],
    overrides.paymentResilience,
  );
  const builtinTax = createBuiltinTaxProvider();
  const ctx: CheckoutContext = {
    db,
    clock,
    log,
    gateways,
    orderNumberPrefix: config.ORDER_NUMBER_PREFIX,
    hooks: overrides.hooks,
    tax: {
      provider: overrides.taxProvider
        ? withFallback(overrides.taxProvider, builtinTax, {
            onFailure: (err) => log.warn({ err }, "tax provider failed; built-in rates used"),
          })
        : builtinTax,
      seller: { country: config.STORE_COUNTRY, vatId: config.STORE_VAT_ID },
      rounding: config.TAX_ROUNDING,
    },
    prices: {
      baseCurrency: config.STORE_BASE_CURRENCY ?? config.STORE_CURRENCIES[0]!,
      precedence: config.PRICE_PRECEDENCE,
      fx:
        config.FX_PROVIDER === "ecb"
          ? createEcbFxRates({ clock, fallback: adminFxRates, url: config.ECB_RATES_URL })
          : adminFxRates,
      customerGroupOf: findCustomerGroup,
      isFirstOrder,
    },
  };
  const currencies = config.STORE_CURRENCIES;
  // Runs beside the request path, never in it: a slow or absent broker cannot slow a checkout (G14).
  const events = createEventStream({
    db,
    clock,
    log,
    nats: config.NATS_URL && {
      servers: config.NATS_URL,
      stream: config.NATS_STREAM,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
    },
  });

  // Emails are queued by an event consumer and sent by their own loop: never on a request (G14).
  const store: StoreProfile = {
    name: config.STORE_NAME,
    address: config.STORE_ADDRESS,
    vatId: config.STORE_VAT_ID,
    locale: config.STORE_LOCALE,
    color: config.STORE_BRAND_COLOR,
    url: config.STORE_URL,
    mailFrom: config.MAIL_FROM,
  };
  const mail = new EmailSender({
    db,
    clock,
    log: log.child({ component: "mail" }),
    store,
    transport:
      overrides.mailTransport ??
      (config.SMTP_URL ? smtpTransport(config.SMTP_URL) : fileTransport(join(config.DATA_DIR, "mail"))),
    maxAttempts: config.EMAIL_MAX_ATTEMPTS,
  });
  events.subscribe(orderConfirmationSubscriber({ db, clock, log, store, onQueued: () => mail.kick() }));
  events.subscribe(analyticsSubscriber({ db, clock, log }));
  events.subscribe(shipmentEmailsSubscriber({ db, clock, log, store, onQueued: () => mail.kick() }));
  events.subscribe(paymentInstructionsSubscriber({ db, clock, log, store, onQueued: () => mail.kick() }));
  events.subscribe(
    returnEmailsSubscriber({
      db,
      clock,
      log,
      store,
      labels: { find: (returnId) => findReturnLabel(db, returnId) },
      onQueued: () => mail.kick(),
    }),
  );
  // Merchant webhooks: queued by an event consumer, posted by their own loop, never on a request (G14).
  const webhookSecrets = createSecretBox(config.WEBHOOK_SECRETS_KEY);
  const webhooks = new WebhookSender({
    db,
    clock,
    log: log.child({ component: "webhooks" }),
    secrets: webhookSecrets,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
    ...(overrides.webhookPost ? { post: overrides.webhookPost } : {}),
  });
  const webhooksCtx = { db, clock, log, secrets: webhookSecrets, onQueued: () => webhooks.kick() };
  events.subscribe(webhooksSubscriber(webhooksCtx));
  // Abandoned carts and review invitations: marked and sent by the sweep, never on a request.
  const minutes = 60_000;
  const days = 24 * 60 * minutes;
  const recovery: RecoveryContext = {
    db,
    clock,
    log: log.child({ component: "recovery" }),
    store,
    tax: ctx.tax,
    onQueued: () => mail.kick(),
    settings: {
      abandonAfterMs: config.ABANDONED_CART_AFTER_MINUTES * minutes,
      reminderDelaysMs: config.CART_REMINDER_SCHEDULE_MINUTES.map((m) => m * minutes),
      restoreLinkTtlMs: config.CART_RESTORE_LINK_DAYS * days,
      secret: config.RECOVERY_LINK_SECRET,
      discountPercent: config.CART_REMINDER_DISCOUNT_PERCENT,
      discountValidMs: config.CART_REMINDER_DISCOUNT_DAYS * days,
      reviewAfterMs: config.REVIEW_REQUEST_AFTER_DAYS * days,
      reviewUrl: config.REVIEW_URL,
    },
  };
  events.subscribe(recoveredCheckoutsSubscriber(recovery));
  events.subscribe(reviewRequestsSubscriber(recovery));

  const server = await createServer({
    log,
    title: config.STORE_NAME,
    authenticate: (secret) => authenticateApiKey(db, secret),
  });
  await server.register(healthRoutes(database, countMigrations()));
  await server.register(catalogStoreRoutes({ ...ctx, currencies }));
  await server.register(
    cartStoreRoutes({ ...ctx, currencies, paymentMethods: () => offeredPaymentMethods(ctx.gateways) }),
  );
  await server.register(
    customerStoreRoutes({
      db,
      clock,
      log,
      store,
      sessionTtlHours: config.SESSION_TTL_HOURS,
      secureCookies: config.STORE_URL.startsWith("https:"),
      onEmailQueued: () => mail.kick(),
    }),
  );
  await server.register(checkoutStoreRoutes(ctx));
  await server.register(testTokenStoreRoutes(ctx));
  await server.register(
    paymentMethodsStoreRoutes(ctx, {
      stripePublishableKey: stripe ? config.STRIPE_PUBLISHABLE_KEY : undefined,
      paypalClientId: paypal ? config.PAYPAL_CLIENT_ID : undefined,
    }),
  );
  if (paypal) await server.register(paypalOrderStoreRoutes(ctx, paypal));
  await server.register(ordersAdminRoutes(ctx));
  await server.register(orderPaymentsAdminRoutes(ctx));
  await server.register(offlinePaymentsAdminRoutes(ctx));
  await server.register(paymentTermsAdminRoutes(ctx));
  await server.register(customerGroupAdminRoutes(ctx));
  await server.register(catalogAdminRoutes(ctx));
  await server.register(ordersStoreRoutes(ctx));
  await server.register(receiptsRoutes({ ...ctx, store }));
  await server.register(emailsAdminRoutes({ ...ctx, sender: mail }));
  if (stripe && config.STRIPE_WEBHOOK_SECRET) {
    const webhookSecret = config.STRIPE_WEBHOOK_SECRET;
    await server.register(
      stripeWebhookRoutes(ctx, {
        stripe,
        webhookSecret,
        onPaymentChanged: followOn(ctx, "stripe"),
        // The port through which a 3-D Secure webhook resumes its checkout (payments cannot call up).
        onAttemptSettled: (payment) => resumeAttemptFromProvider(ctx, payment),
      }),
    );
  }
  if (paypal && config.PAYPAL_WEBHOOK_ID) {
    const webhookId = config.PAYPAL_WEBHOOK_ID;
    await server.register(
      paypalWebhookRoutes(ctx, { paypal, webhookId, onPaymentChanged: followOn(ctx, "paypal") }),
    );
  }
  await server.register(inventoryAdminRoutes(ctx));
  await server.register(promotionsAdminRoutes(ctx));
  await server.register(shippingAdminRoutes(ctx));
  await server.register(giftCardsAdminRoutes(ctx));
  await server.register(giftCardsStoreRoutes(ctx));
  await server.register(analyticsStoreRoutes(ctx));
  await server.register(analyticsAdminRoutes(ctx));
  await server.register(webhooksAdminRoutes(webhooksCtx));
  const fulfillment: FulfillmentContext = {
    ...ctx,
    carriers: { test: createTestCarrier({ originCountry: config.STORE_COUNTRY }), ...overrides.carriers },
    captureOn: config.CAPTURE_ON,
    shipFrom: { name: config.STORE_NAME, address: config.STORE_ADDRESS },
  };
  await server.register(shipmentsAdminRoutes(fulfillment));
  const returnsCtx = { ...fulfillment, store, orderNumberPrefix: config.ORDER_NUMBER_PREFIX };
  await server.register(returnsAdminRoutes(returnsCtx));
  await server.register(returnsStoreRoutes(returnsCtx));
  await server.register(
    carrierWebhookRoutes(ctx, {
      secret: config.CARRIER_WEBHOOK_SECRET,
      // Return labels are the returns module's; fulfillment must not know it, app/ joins them.
      otherParcels: (update) => trackReturnParcel(ctx, update),
    }),
  );
  await server.register(recoveryStoreRoutes({ ...recovery, secret: config.RECOVERY_LINK_SECRET }));
  // Last: the storefront's catch-all GET must only see what no API route matched.
  // The storefront's CSP lets in the provider scripts only when the checkout uses them.
  await server.register(
    staticRoutes(undefined, undefined, {
      stripe: Boolean(stripe && config.STRIPE_PUBLISHABLE_KEY),
      paypal: Boolean(paypal),
    }),
  );

  let timer: NodeJS.Timeout | undefined;
  const sweep = async () => {
    const report = await recoverCheckouts(ctx, { staleAfterMs: 60_000 });
    if (report.settled + report.voided + report.stillPending > 0)
      log.info({ report }, "checkout recovery pass");
    const overdue = await cancelOverdueBankTransfers(ctx);
    if (overdue.cancelled > 0) log.info({ overdue }, "cancelled bank-transfer orders past their due date");
    await purgeIdempotencyKeys(db, clock.now());
    const carts = await expireIdleCarts(db, clock.now(), {
      ttlDays: config.CART_TTL_DAYS,
      purgeAfterDays: config.CART_PURGE_AFTER_DAYS,
    });
    if (carts.expired + carts.purged > 0) log.info({ carts }, "expired idle carts, purged old guest carts");
    const recovered = await runRecovery(recovery);
    if (recovered.abandoned + recovered.remindersSent + recovered.reviewRequestsSent > 0)
      log.info({ recovered }, "cart recovery and review invitations pass");
    // Return refunds whose provider call timed out or was cut off: driven again, same request key.
    const refunds = await retryPendingRefunds(returnsCtx, { staleAfterMs: 60_000 });
    if (refunds.settled + refunds.stillPending + refunds.failed > 0)
      log.info({ refunds }, "pending return refunds pass");
  };
  const safeSweep = () => sweep().catch((err) => log.error({ err }, "sweep failed"));
  return {
    server,
    ctx,
    database,
    config,
    events,
    mail,
    webhooks,
    sweep,
    startWorkers() {
      void safeSweep();
      timer = setInterval(safeSweep, config.CHECKOUT_SWEEP_INTERVAL_MS);
      timer.unref();
      events.start();
      mail.start();
      webhooks.start();
    },
    async close() {
      if (timer) clearInterval(timer);
      await server.close();
      await events.stop();
      await mail.stop();
      await webhooks.stop();
      if (!overrides.database) await database.close();
    },
  };
}

/** Bank transfer when the merchant's account is configured; purchase orders when enabled. */
function offlineGateways(db: Database["db"], clock: Clock, config: Config): [string, PaymentGateway][] {
  const payTo: BankAccount | null = config.BANK_TRANSFER_IBAN
    ? {
        iban: config.BANK_TRANSFER_IBAN,
        bic: config.BANK_TRANSFER_BIC ?? "",
        accountName: config.BANK_TRANSFER_ACCOUNT_NAME ?? "",
      }
    : null;
  const options = { payTo, dueDays: config.BANK_TRANSFER_DUE_DAYS };
  return [
    ...(payTo ? [["bank_transfer", createOfflineGateway(db, clock, "bank_transfer", options)] as const] : []),
    ...(config.PURCHASE_ORDERS
      ? [["purchase_order", createOfflineGateway(db, clock, "purchase_order", options)] as const]
      : []),
  ].map(([name, gateway]) => [name, gateway]);
}

function countMigrations(): number {
  return readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).length;
}
