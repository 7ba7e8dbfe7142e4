ALTER TABLE "cart_lines" ADD COLUMN "seen_unit_price" bigint;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "payment_provider" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "payment_kind" text;