// Owns the analytics tables (step views, checkouts, payment attempts, orders as facts) and the
// metrics read from them. Owns no domain state: it only reacts to events and is never called by checkout.

export { analyticsConsumer, analyticsSubscriber } from "./analytics.subscriber.ts";
export { analyticsAdminRoutes } from "./analytics-admin.routes.ts";
export { analyticsStoreRoutes } from "./analytics-store.routes.ts";
export { type RebuildReport, rebuildAnalytics } from "./rebuild-analytics.ts";
