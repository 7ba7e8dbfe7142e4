ALTER TABLE "returns" ADD COLUMN "tracking_status" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "tracking_at" timestamp with time zone;