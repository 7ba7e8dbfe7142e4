CREATE TABLE "catalog_categories" (
	"id" text PRIMARY KEY NOT NULL,
	"handle" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalog_categories_handle_unique" UNIQUE("handle")
);
--> statement-breakpoint
CREATE TABLE "catalog_currency_rounding" (
	"currency" text PRIMARY KEY NOT NULL,
	"increment" integer NOT NULL,
	"ending" integer DEFAULT 0 NOT NULL,
	"mode" text DEFAULT 'nearest' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_fx_rates" (
	"currency" text PRIMARY KEY NOT NULL,
	"rate" numeric(24, 12) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_price_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"min_quantity" integer DEFAULT 1 NOT NULL,
	"customer_group" text,
	"customer_id" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalog_price_rules_amount_nonnegative" CHECK ("catalog_price_rules"."amount" >= 0),
	CONSTRAINT "catalog_price_rules_min_quantity_positive" CHECK ("catalog_price_rules"."min_quantity" >= 1)
);
--> statement-breakpoint
CREATE TABLE "catalog_product_categories" (
	"product_id" text NOT NULL,
	"category_id" text NOT NULL,
	CONSTRAINT "catalog_product_categories_product_id_category_id_pk" PRIMARY KEY("product_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "catalog_product_relations" (
	"product_id" text NOT NULL,
	"related_product_id" text NOT NULL,
	"kind" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "catalog_product_relations_product_id_related_product_id_kind_pk" PRIMARY KEY("product_id","related_product_id","kind")
);
--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "fx_rate" numeric(24, 12);--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "fx_locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "catalog_products" ADD COLUMN "images" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog_variants" ADD COLUMN "dimensions" jsonb;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "customer_group" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fx" jsonb;--> statement-breakpoint
ALTER TABLE "catalog_price_rules" ADD CONSTRAINT "catalog_price_rules_variant_id_catalog_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."catalog_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_categories" ADD CONSTRAINT "catalog_product_categories_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_categories" ADD CONSTRAINT "catalog_product_categories_category_id_catalog_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."catalog_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_relations" ADD CONSTRAINT "catalog_product_relations_product_id_catalog_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_product_relations" ADD CONSTRAINT "catalog_product_relations_related_product_id_catalog_products_id_fk" FOREIGN KEY ("related_product_id") REFERENCES "public"."catalog_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_price_rules_variant_idx" ON "catalog_price_rules" USING btree ("variant_id","currency");