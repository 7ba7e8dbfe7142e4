CREATE TABLE "inventory_location_stock" (
	"location_id" text NOT NULL,
	"sku" text NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "inventory_location_stock_location_id_sku_pk" PRIMARY KEY("location_id","sku"),
	CONSTRAINT "location_on_hand_non_negative" CHECK ("inventory_location_stock"."on_hand" >= 0),
	CONSTRAINT "location_reserved_within_on_hand" CHECK ("inventory_location_stock"."reserved" >= 0 and "inventory_location_stock"."reserved" <= "inventory_location_stock"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "inventory_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"country" text,
	"priority" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inventory_location_code" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "inventory_replenishments" (
	"id" text PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"location_id" text NOT NULL,
	"supplier" text,
	"quantity" integer NOT NULL,
	"status" text NOT NULL,
	"received_quantity" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "replenishment_quantity_positive" CHECK ("inventory_replenishments"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "inventory_reservations" DROP CONSTRAINT "reservation_per_reference_sku";--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD COLUMN "location_id" text;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "reorder_point" integer;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "reorder_quantity" integer;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "supplier" text;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "low_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "backorder_allowed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "backorder_limit" integer;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "backorder_expected_on" date;--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD COLUMN "backordered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD COLUMN "location_id" text;--> statement-breakpoint
ALTER TABLE "inventory_location_stock" ADD CONSTRAINT "inventory_location_stock_location_id_inventory_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_location_stock" ADD CONSTRAINT "inventory_location_stock_sku_inventory_stock_levels_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."inventory_stock_levels"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_replenishments" ADD CONSTRAINT "inventory_replenishments_sku_inventory_stock_levels_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."inventory_stock_levels"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_replenishments" ADD CONSTRAINT "inventory_replenishments_location_id_inventory_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."inventory_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "location_stock_sku_idx" ON "inventory_location_stock" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "replenishment_one_open_per_sku" ON "inventory_replenishments" USING btree ("sku") WHERE "inventory_replenishments"."status" in ('open', 'ordered');--> statement-breakpoint
CREATE INDEX "replenishments_status_idx" ON "inventory_replenishments" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "reservations_reference_idx" ON "inventory_reservations" USING btree ("reference");--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "reservation_per_reference_sku_location" UNIQUE NULLS NOT DISTINCT("reference","sku","location_id");--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD CONSTRAINT "stock_backordered_non_negative" CHECK ("inventory_stock_levels"."backordered" >= 0);--> statement-breakpoint
ALTER TABLE "inventory_stock_levels" ADD CONSTRAINT "stock_reorder_non_negative" CHECK ("inventory_stock_levels"."reorder_point" is null or "inventory_stock_levels"."reorder_point" >= 0);