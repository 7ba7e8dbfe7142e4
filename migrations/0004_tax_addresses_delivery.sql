CREATE TABLE "shipping_holidays" (
	"country" text NOT NULL,
	"date" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "shipping_holidays_country_date_pk" PRIMARY KEY("country","date")
);
--> statement-breakpoint
CREATE TABLE "shipping_warehouses" (
	"id" text PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"time_zone" text NOT NULL,
	"processing_days" integer NOT NULL,
	"cutoff_time" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "billing_address" jsonb;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "catalog_variants" ADD COLUMN "tax_category" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "tax" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "tax_lines" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tax" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "billing_address" jsonb;