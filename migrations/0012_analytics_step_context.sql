ALTER TABLE "analytics_step_views" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "analytics_step_views" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "analytics_step_views" ADD COLUMN "customer_key" text;