CREATE TABLE "analytics_checkout_failures" (
	"event_id" text PRIMARY KEY NOT NULL,
	"cart_id" text NOT NULL,
	"attempt_id" text,
	"code" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_checkouts" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"last_step_rank" integer NOT NULL,
	"device" text,
	"currency" text,
	"country" text,
	"customer_key" text,
	"completed_at" timestamp with time zone,
	"order_id" text,
	"total" bigint,
	"provider" text,
	"method" text
);
--> statement-breakpoint
CREATE TABLE "analytics_orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"cart_id" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"hour" integer NOT NULL,
	"weekday" integer NOT NULL,
	"currency" text NOT NULL,
	"total" bigint NOT NULL,
	"discount_total" bigint NOT NULL,
	"promotion_codes" text[] NOT NULL,
	"country" text,
	"customer_key" text,
	"provider" text NOT NULL,
	"method" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_payment_attempts" (
	"payment_id" text PRIMARY KEY NOT NULL,
	"attempt_id" text NOT NULL,
	"cart_id" text,
	"provider" text NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"decline_reason" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_step_views" (
	"cart_id" text NOT NULL,
	"step" text NOT NULL,
	"device" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_step_views_cart_id_step_pk" PRIMARY KEY("cart_id","step")
);
--> statement-breakpoint
CREATE INDEX "analytics_failures_cart_idx" ON "analytics_checkout_failures" USING btree ("cart_id");--> statement-breakpoint
CREATE INDEX "analytics_checkouts_seen_idx" ON "analytics_checkouts" USING btree ("first_seen_at");--> statement-breakpoint
CREATE INDEX "analytics_orders_placed_idx" ON "analytics_orders" USING btree ("placed_at");--> statement-breakpoint
CREATE INDEX "analytics_orders_customer_idx" ON "analytics_orders" USING btree ("customer_key","placed_at");--> statement-breakpoint
CREATE INDEX "analytics_payment_attempts_at_idx" ON "analytics_payment_attempts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "analytics_payment_attempts_attempt_idx" ON "analytics_payment_attempts" USING btree ("attempt_id");