ALTER TABLE "return_lines" ADD COLUMN "exchange_variant_id" text;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "exchange_sku" text;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "exchange_title" text;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "refund_if_unavailable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "replacement_order_id" text;--> statement-breakpoint
ALTER TABLE "returns" ADD COLUMN "replacement_order_number" text;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_replacement_order_id_unique" UNIQUE("replacement_order_id");