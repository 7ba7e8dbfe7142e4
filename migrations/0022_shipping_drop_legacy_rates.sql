DROP TABLE "shipping_rates" CASCADE;--> statement-breakpoint
ALTER TABLE "shipping_methods" DROP COLUMN "countries";