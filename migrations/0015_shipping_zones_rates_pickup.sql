CREATE TABLE "shipping_pickup_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"method_id" text NOT NULL,
	"name" text NOT NULL,
	"address" jsonb NOT NULL,
	"time_zone" text NOT NULL,
	"opening_hours" jsonb NOT NULL,
	"ready_in_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_zone_rates" (
	"method_id" text NOT NULL,
	"zone_id" text NOT NULL,
	"currency" text NOT NULL,
	"rate" jsonb NOT NULL,
	"min_subtotal" bigint,
	"max_subtotal" bigint,
	CONSTRAINT "shipping_zone_rates_method_id_zone_id_currency_pk" PRIMARY KEY("method_id","zone_id","currency")
);
--> statement-breakpoint
CREATE TABLE "shipping_zones" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"countries" text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"excluded_regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"postal_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"excluded_postal_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "shipping_zones_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "shipping_methods" ALTER COLUMN "countries" SET DEFAULT '{}'::text[];--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "pickup_location_id" text;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD COLUMN "kind" text DEFAULT 'delivery' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD COLUMN "min_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD COLUMN "max_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "shipping_pickup_locations" ADD CONSTRAINT "shipping_pickup_locations_method_id_shipping_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zone_rates" ADD CONSTRAINT "shipping_zone_rates_method_id_shipping_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zone_rates" ADD CONSTRAINT "shipping_zone_rates_zone_id_shipping_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."shipping_zones"("id") ON DELETE cascade ON UPDATE no action;