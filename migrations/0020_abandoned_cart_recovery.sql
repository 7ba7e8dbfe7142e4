CREATE TABLE "analytics_recovery" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"currency" text,
	"abandoned_at" timestamp with time zone,
	"value" bigint,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"first_reminder_at" timestamp with time zone,
	"recovered_at" timestamp with time zone,
	"recovered_order_id" text,
	"recovered_total" bigint
);
--> statement-breakpoint
CREATE TABLE "abandoned_carts" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"currency" text NOT NULL,
	"last_step" text NOT NULL,
	"value" bigint NOT NULL,
	"abandoned_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"next_reminder_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"closed_reason" text,
	"discount_promotion_id" text,
	"recovered_order_id" text,
	"recovered_at" timestamp with time zone,
	CONSTRAINT "abandoned_cart_reminders_non_negative" CHECK ("abandoned_carts"."reminders_sent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "recovery_scan_cursor" (
	"id" text PRIMARY KEY NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"cart_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_unsubscribes" (
	"email" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_requests" (
	"order_id" text PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "analytics_recovery_abandoned_idx" ON "analytics_recovery" USING btree ("abandoned_at");--> statement-breakpoint
CREATE INDEX "abandoned_carts_due_idx" ON "abandoned_carts" USING btree ("next_reminder_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "review_requests_due_idx" ON "review_requests" USING btree ("due_at") WHERE status = 'pending';